// The zod schema of proxy.config.yaml: the single source of truth for config types and defaults.

import { z } from "zod";
import { apiDialects, providerKinds } from "../shared/index.ts";
import { budgetsSchema, priceOverrideSchema } from "./cost-schema.ts";
import { durationMs, headerMap, httpUrl, sizeBytes, timerMs } from "./fields.ts";
import { sharedSchema, storageSchema } from "./storage-schema.ts";

// the kinds are shared with the providers, which may not import the config
export { type ProviderKind, providerKinds } from "../shared/index.ts";

const timeoutsShape = {
  /** Time allowed to establish the upstream connection and send the request. */
  connect: timerMs.default(5_000),
  /** Time allowed from sending the request to the upstream's response headers. */
  first_byte: timerMs.default(60_000),
  /** Time allowed for the whole upstream exchange, streaming included. */
  request: timerMs.default(600_000),
};

export const timeoutsSchema = z.strictObject(timeoutsShape);
const timeoutOverridesSchema = z.strictObject({
  connect: timerMs.optional(),
  first_byte: timerMs.optional(),
  request: timerMs.optional(),
});

/** Seed 000's secrets.json entry: one Flow credential set. */
export const flowCredentialSchema = z.strictObject({
  name: z.string().min(1),
  agent: z.string().min(1),
  appToAccess: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  tenant: z.string().min(1),
});

export const jwtAlgorithms = ["HS256", "HS384", "HS512", "RS256", "ES256"] as const;

export const upstreamAuthSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("flow"),
    /** Path to a seed 000 secrets.json (relative to the config file). */
    secrets_file: z.string().min(1).optional(),
    /** The same entries inline. */
    credentials: z.array(flowCredentialSchema).min(1).optional(),
    /** Lifetime of each signed token; re-signed before it runs out. */
    ttl: durationMs.default(3_600_000),
  }),
  z.strictObject({
    type: z.literal("jwt"),
    algorithm: z.enum(jwtAlgorithms).default("HS256"),
    secret: z.string().min(1).optional(),
    private_key_file: z.string().min(1).optional(),
    claims: z.record(z.string(), z.unknown()).default({}),
    ttl: durationMs.default(3_600_000),
    header: z.string().min(1).default("authorization"),
    /** Prefix before the token in the header; "" for none. */
    scheme: z.string().default("Bearer"),
  }),
  z.strictObject({
    type: z.literal("oauth2"),
    token_url: httpUrl,
    client_id: z.string().min(1),
    client_secret: z.string().min(1),
    scope: z.string().optional(),
    audience: z.string().optional(),
  }),
]);
export type UpstreamAuthConfig = z.infer<typeof upstreamAuthSchema>;
export type FlowCredential = z.infer<typeof flowCredentialSchema>;

export const providerSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, '.', '_' or '-'"),
  type: z.enum(providerKinds).default("openai"),
  base_url: httpUrl.optional(),
  api_key: z.string().optional(),
  /** Several upstream keys, rotated per request; a key refused with 401/403 is benched. */
  keys: z.array(z.string().min(1)).min(1).optional(),
  /** Signed or fetched upstream credentials instead of a static key. */
  auth: upstreamAuthSchema.optional(),
  /** Azure only: the api-version query parameter added to deployment URLs. */
  api_version: z.string().default("2024-10-21"),
  models: z.array(z.string().min(1)).min(1).default(["*"]),
  model_map: z.record(z.string(), z.string()).default({}),
  headers: headerMap.default({}),
  timeouts: timeoutOverridesSchema.default({}),
  /** Share of traffic under the weighted strategy, relative to the other providers. */
  weight: z.number().positive().default(1),
  /** Concurrent upstream requests this provider takes; unset means no limit. */
  max_concurrent: z.int().min(1).optional(),
  /** Used only when every primary provider of the route is unavailable. */
  fallback_only: z.boolean().default(false),
  /** Active health check path under base_url (default routing.health_check.path). */
  health_check_path: z.string().startsWith("/", "expected a path starting with /").optional(),
  /**
   * The request dialects the provider speaks, its first the one others are translated to; by
   * kind when unset: openai [openai-chat, openai-responses], azure [openai-chat], anthropic
   * [anthropic-messages], mock all three.
   */
  dialects: z.array(z.enum(apiDialects)).min(1).optional(),
  /** max_tokens for requests translated to Anthropic that set none (Anthropic requires one). */
  default_max_tokens: z.int().min(1).default(4096),
});

export const routingStrategies = [
  "weighted",
  "round_robin",
  "failover",
  "least_busy",
  "latency",
] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

export const routeSchema = z.strictObject({
  /** Model glob; the first route whose glob matches the requested model wins. */
  model: z.string().min(1),
  providers: z.array(z.string().min(1)).min(1),
  strategy: z.enum(routingStrategies).optional(),
});

export const routingSchema = z.strictObject({
  strategy: z.enum(routingStrategies).default("weighted"),
  /**
   * Stripped from the requested model before routing and model_map (seed 002's clients send
   * "proxy-gpt-4"); the usage row keeps what the client sent. [] turns it off.
   */
  model_prefixes: z.array(z.string().min(1)).default(["proxy-"]),
  /** Further providers tried after the first one fails before its first byte. */
  retries: z.int().min(0).default(2),
  /** How long to wait for a free slot at a provider at max_concurrent before trying the next. */
  slot_wait: timerMs.default(500),
  health_check: z
    .strictObject({
      enabled: z.boolean().default(true),
      interval: timerMs.default(30_000),
      timeout: timerMs.default(5_000),
      /** GET under each base_url; default the provider kind's models endpoint. */
      path: z.string().startsWith("/", "expected a path starting with /").optional(),
    })
    .prefault({}),
  circuit_breaker: z
    .strictObject({
      /** Failures of one kind within `window` that open the breaker. */
      failures: z.int().min(1).default(5),
      window: durationMs.default(60_000),
      /** Time the breaker stays open before one probe request is let through. */
      cooldown: durationMs.default(30_000),
    })
    .prefault({}),
});

export const serverSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.int().min(0).max(65_535).default(8080),
  max_body: sizeBytes.default(10 * 1024 * 1024),
  shutdown_grace: timerMs.default(30_000),
  /** A request body must arrive within this, else 408: a silent client holds nothing. */
  body_timeout: timerMs.default(30_000),
  /** Bytes of request bodies being read at once, all clients together. */
  max_body_in_flight: sizeBytes.default(256 * 1024 * 1024),
  /** Proxies (addresses or IPv4 CIDR blocks) whose x-forwarded-for names the real client. */
  trusted_proxies: z.array(z.string().min(1)).default([]),
});

export const queueSchema = z.strictObject({
  /** Proxied requests in progress at once; later ones wait in FIFO order. */
  max_concurrent: z.int().min(1).default(4096),
  /** Longest wait in the queue before a 503. */
  timeout: timerMs.default(60_000),
  /** Waiting requests beyond this get a 429 at once. */
  max_queued: z.int().min(0).default(4096),
});

/** Seed 002's monitoring block: its log_level sets logging.level unless that is given. */
export const monitoringSchema = z.strictObject({
  log_level: z
    .string()
    .transform((value) => value.toLowerCase().replace("warning", "warn"))
    .pipe(z.enum(["trace", "debug", "info", "warn", "error", "silent"]))
    .optional(),
  track_latency: z.boolean().default(true),
  track_errors: z.boolean().default(true),
});

export const configSchema = z.strictObject({
  server: serverSchema.prefault({}),
  storage: storageSchema.prefault({}),
  /** Redis for limits, budgets, breakers and revocations shared by every instance. */
  shared: sharedSchema.optional(),
  auth: z
    .strictObject({
      /** tokens: every proxied request needs a client token; none: anyone may call. */
      mode: z.enum(["none", "tokens"]).default("none"),
      admin_key: z.string().default(""),
    })
    .prefault({}),
  providers: z.array(providerSchema).min(1, "at least one provider is required"),
  routes: z.array(routeSchema).default([]),
  routing: routingSchema.prefault({}),
  queue: queueSchema.prefault({}),
  monitoring: monitoringSchema.optional(),
  usage: z
    .strictObject({
      /** One row per proxied request in the store (storage.path). */
      enabled: z.boolean().default(true),
      /**
       * Ask OpenAI streams for their usage chunk when the client did not (and hide that chunk
       * from the client), so streamed requests are counted with real numbers, not estimates.
       */
      include_stream_usage: z.boolean().default(false),
    })
    .prefault({}),
  cache: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** sqlite: the storage file; memory: this process only; redis: shared by every instance. */
      backend: z.enum(["sqlite", "memory", "redis"]).default("sqlite"),
      /** redis://[user:password@]host:port[/db], for backend redis. */
      url: z.string().min(1).optional(),
      ttl: durationMs.default(3_600_000),
      /** Responses larger than this are not cached. */
      max_entry: sizeBytes.default(1024 * 1024),
      /** The memory backend's bound, all entries together. */
      max_size: sizeBytes.default(256 * 1024 * 1024),
      /** project: one tenant never reads another's answers; global: one cache for everyone. */
      scope: z.enum(["project", "global"]).default("project"),
      /** Request headers that change the answer, besides the built-in ones. */
      vary_headers: z.array(z.string().min(1)).default([]),
      key_prefix: z.string().default("llm-proxy:cache:"),
    })
    .prefault({}),
  traces: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Where traces go: the store, daily-rotated JSON-lines files in `directory`, or both. */
      sink: z.enum(["sqlite", "jsonl", "both"]).default("sqlite"),
      directory: z.string().min(1).default("./traces"),
      include_headers: z.boolean().default(true),
      include_body: z.boolean().default(true),
      /** Bodies are cut at this size (the trace says so). */
      max_body: sizeBytes.default(256 * 1024),
      retention: durationMs.default(7 * 24 * 3_600_000),
      /** Share of requests traced, 0 to 1. */
      sample_rate: z.number().min(0).max(1).default(1),
      /** More header names to redact, besides authorization, x-api-key, api-key and cookies. */
      redact_headers: z.array(z.string().min(1)).default([]),
      /** Bytes every capture in flight may hold together; past it, captures are cut. */
      max_capture_in_flight: sizeBytes.default(32 * 1024 * 1024),
    })
    .prefault({}),
  sessions: z
    .strictObject({
      enabled: z.boolean().default(true),
      max_sessions: z.int().min(1).default(10_000),
      /** Memory for session detection; past it, least recently used sessions are forgotten. */
      max_bytes: sizeBytes.default(64 * 1024 * 1024),
      ttl: durationMs.default(3_600_000),
    })
    .prefault({}),
  metrics: z
    .strictObject({
      /** GET /metrics in Prometheus text format. */
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  timeouts: timeoutsSchema.prefault({}),
  endpoints: z
    .strictObject({
      allow: z
        .array(z.string().startsWith("/", "expected a path starting with /"))
        .default(defaultAllowedEndpoints()),
      methods: z.array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"])).default(["GET", "POST"]),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
      format: z.enum(["pretty", "json"]).default("pretty"),
      requests: z.boolean().default(true),
    })
    .prefault({}),
  // cost and budgets (DESIGN.md): price overrides, then how budgets reserve and alert
  pricing: z.array(priceOverrideSchema).default([]),
  budgets: budgetsSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type TimeoutsConfig = z.infer<typeof timeoutsSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type RoutingConfig = Config["routing"];
export type QueueConfig = Config["queue"];
export type ServerConfig = Config["server"];
export type EndpointsConfig = Config["endpoints"];
export type LoggingConfig = Config["logging"];
export type LogLevel = LoggingConfig["level"];

// --- internal ---

function defaultAllowedEndpoints(): string[] {
  return [
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    "/v1/responses",
    "/v1/messages",
    "/v1/models",
  ];
}
