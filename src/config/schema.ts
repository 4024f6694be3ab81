// The zod schema of proxy.config.yaml: the single source of truth for config types and defaults.

import { z } from "zod";
import { durationMs, headerMap, httpUrl, sizeBytes } from "./fields.ts";

export const providerKinds = ["openai", "anthropic", "azure", "mock"] as const;
export type ProviderKind = (typeof providerKinds)[number];

const timeoutsShape = {
  /** Time allowed to establish the upstream connection and send the request. */
  connect: durationMs.default(5_000),
  /** Time allowed from sending the request to the upstream's response headers. */
  first_byte: durationMs.default(60_000),
  /** Time allowed for the whole upstream exchange, streaming included. */
  request: durationMs.default(600_000),
};

export const timeoutsSchema = z.strictObject(timeoutsShape);
const timeoutOverridesSchema = z.strictObject({
  connect: durationMs.optional(),
  first_byte: durationMs.optional(),
  request: durationMs.optional(),
});

export const providerSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, "expected letters, digits, '.', '_' or '-'"),
  type: z.enum(providerKinds).default("openai"),
  base_url: httpUrl.optional(),
  api_key: z.string().optional(),
  /** Azure only: the api-version query parameter added to deployment URLs. */
  api_version: z.string().default("2024-10-21"),
  models: z.array(z.string().min(1)).min(1).default(["*"]),
  model_map: z.record(z.string(), z.string()).default({}),
  headers: headerMap.default({}),
  timeouts: timeoutOverridesSchema.default({}),
});

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).default("127.0.0.1"),
      port: z.int().min(0).max(65_535).default(8080),
      max_body: sizeBytes.default(10 * 1024 * 1024),
      shutdown_grace: durationMs.default(30_000),
    })
    .default({ host: "127.0.0.1", port: 8080, max_body: 10 * 1024 * 1024, shutdown_grace: 30_000 }),
  storage: z
    .strictObject({ path: z.string().min(1).default("./llm-proxy.db") })
    .default({ path: "./llm-proxy.db" }),
  auth: z
    .strictObject({
      mode: z.enum(["none"]).default("none"),
      admin_key: z.string().default(""),
    })
    .default({ mode: "none", admin_key: "" }),
  providers: z.array(providerSchema).min(1, "at least one provider is required"),
  timeouts: timeoutsSchema.default({ connect: 5_000, first_byte: 60_000, request: 600_000 }),
  endpoints: z
    .strictObject({
      allow: z
        .array(z.string().startsWith("/", "expected a path starting with /"))
        .default(defaultAllowedEndpoints()),
      methods: z.array(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"])).default(["GET", "POST"]),
    })
    .default({ allow: defaultAllowedEndpoints(), methods: ["GET", "POST"] }),
  logging: z
    .strictObject({
      level: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
      format: z.enum(["pretty", "json"]).default("pretty"),
      requests: z.boolean().default(true),
    })
    .default({ level: "info", format: "pretty", requests: true }),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type TimeoutsConfig = z.infer<typeof timeoutsSchema>;
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
