// The proxied-request pipeline, one numbered step at a time (see DESIGN.md, request lifecycle).

import type { Authenticator } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import {
  debugBodyBytes,
  type EventBus,
  type Logger,
  type SessionDetector,
} from "../observability/index.ts";
import type { Balancer, Permit, Semaphore } from "../routing/index.ts";
import {
  type Clock,
  type Dialect,
  dialectForPath,
  isValidRequestId,
  newRequestId,
  ProxyError,
  type Redactor,
} from "../shared/index.ts";
import {
  type AttemptDeps,
  type Forwarded,
  forwardWithFallback,
  type Target,
} from "../upstream/index.ts";
import { cachedResponse } from "./cached-response.ts";
import { createCandidateSource } from "./candidates.ts";
import type { EndpointPolicy } from "./endpoint-policy.ts";
import { toErrorResponse } from "./error-response.ts";
import type { InFlight } from "./in-flight.ts";
import { type BodyLimits, readClientBody } from "./request-body.ts";
import type { CacheStep, RequestCache } from "./request-cache.ts";
import { createRequestReport } from "./request-report.ts";
import { parseRequestTarget, type RequestTarget } from "./request-target.ts";
import { createUsageChunkStripper, requestStreamUsage } from "./stream-usage-option.ts";

export type PipelineContext = {
  config: Config;
  balancer: Balancer;
  /** Client token checks; undefined with auth.mode none. */
  auth: Authenticator | undefined;
  /** Global admission: queue.max_concurrent requests at once, the rest wait in FIFO order. */
  admission: Semaphore;
  targets: Map<string, Target>;
  /** Credential pools of providers with `keys` or `auth`, by provider name. */
  credentials: Map<string, CredentialPool>;
  endpoints: EndpointPolicy;
  logger: Logger;
  /** Scrubs configured secrets, tokens and bearer credentials from what reaches the client. */
  redact: Redactor;
  attemptDeps: AttemptDeps;
  /** Aborted when the shutdown grace period ends: in-flight streams get an error event. */
  shutdownSignal: AbortSignal;
  inFlight: InFlight;
  /** Where request events go (usage writer, metrics, request log). */
  bus: EventBus;
  clock: Clock;
  /** logging.level debug or trace: request and response bodies go to the log. */
  logBodies: boolean;
  /** Conversation detection; undefined with sessions.enabled false. */
  sessions: SessionDetector | undefined;
  /** The response cache; undefined with cache.enabled false. */
  cache: RequestCache | undefined;
  /** server.max_body, server.body_timeout and the shared max_body_in_flight budget. */
  bodyLimits: BodyLimits;
  /** The model to route: the client's, without a routing.model_prefixes prefix. */
  modelPrefixes: (model: string | undefined) => string | undefined;
};

export async function handleProxyRequest(
  request: Request,
  ctx: PipelineContext,
): Promise<Response> {
  const startedAt = performance.now();
  const inbound = request.headers.get("x-request-id");
  const requestId = isValidRequestId(inbound) ? inbound : newRequestId();
  // errors take the dialect of the path as sent, before anything could refuse it
  let dialect: Dialect = dialectForRawPath(request.url);
  let target: RequestTarget;
  try {
    // 1. validate the target and the allowlist: nothing refused here was ever proxied
    target = parseRequestTarget(request.url);
    dialect = dialectForPath(target.pathname);
    ctx.endpoints.check(request.method, target.pathname);
  } catch (error: unknown) {
    return toErrorResponse(error, dialect, requestId, ctx.logger);
  }
  const report = createRequestReport(ctx.bus, ctx.clock, requestId, request.method, startedAt);
  const { traces } = ctx.config;
  const traced = traces.enabled && (traces.sample_rate >= 1 || Math.random() < traces.sample_rate);
  if (traced || ctx.logBodies) {
    const traceBytes = traced && traces.include_body ? traces.max_body : 0;
    const captureBytes = Math.max(traceBytes, ctx.logBodies ? debugBodyBytes : 0);
    report.capture(captureBytes, traced, request.headers);
  }
  report.setPath(target.pathname, target.search);
  ctx.inFlight.enter();
  let admitted: Permit | undefined;
  let finishedHere = true;
  let cacheStep: CacheStep | undefined;
  const finish = () => {
    admitted?.release();
    ctx.inFlight.leave();
  };
  try {
    // 2. who is calling (from the headers, before reading a body a stranger could make us hold)
    const caller = ctx.auth?.authenticate(request.headers);
    report.setCaller(caller);
    // 3. read the body once, within server.body_timeout; find the model
    const body = await readClientBody(request, ctx.bodyLimits);
    const model = body.model ?? deploymentFromPath(target.pathname);
    const routedModel = ctx.modelPrefixes(model);
    report.setRequest(model, body.json, body.bytes);
    const sessionId = ctx.sessions?.identify(body.json, caller?.project.name ?? "");
    report.setSession(sessionId);
    // 4. the token's policy
    if (caller) ctx.auth?.admit(caller, routedModel, estimateTokens(body.bytes));
    // 5. admission: only now, so a slow or silent client never holds a place in the queue
    admitted = await admit(ctx, request.signal);
    const upstreamRequest = ctx.config.usage.include_stream_usage
      ? requestStreamUsage(body, target.pathname)
      : { body, stripUsageChunk: false };
    // 6. a stored answer, or the first of identical requests (the others wait for its answer)
    cacheStep = await ctx.cache?.begin({
      method: request.method,
      target,
      headers: request.headers,
      body,
      model,
      project: caller?.project.name,
      signal: request.signal,
    });
    if (cacheStep) report.setCacheStatus(cacheStep.status);
    if (cacheStep?.hit) {
      const response = cachedResponse(cacheStep.hit, {
        requestId,
        startedAt,
        now: ctx.clock.now(),
        transform: upstreamRequest.stripUsageChunk ? createUsageChunkStripper() : undefined,
        sessionId,
      });
      report.finishedFromCache(cacheStep.hit.status, response.headers, cacheStep.hit.body);
      return response;
    }
    // 7. plan the providers to try
    const plan = ctx.balancer.plan(routedModel);
    const source = createCandidateSource({
      plan,
      targets: ctx.targets,
      credentials: ctx.credentials,
      requestTarget: target,
      body: upstreamRequest.body,
      model: routedModel,
    });
    // 8. forward, falling back before the first byte
    const signal = AbortSignal.any([request.signal, ctx.shutdownSignal]);
    const streamState: { forwarded?: Forwarded } = {};
    const forwarded = await forwardWithFallback(
      source,
      { method: request.method, clientHeaders: request.headers, requestId, signal },
      {
        dialect,
        redact: ctx.redact,
        maxAttempts: ctx.config.routing.retries + 1,
        onAttempt: (provider, attempt) => report.attempt(provider, attempt),
        onStreamChunk: (chunk) => {
          report.onChunk(chunk);
          cacheStep?.onChunk(chunk);
        },
        ...(upstreamRequest.stripUsageChunk ? { streamTransform: createUsageChunkStripper() } : {}),
        onStreamEnd: (end) => {
          finish();
          cacheStep?.finishStream(streamState.forwarded, end);
          if (streamState.forwarded) report.finishedStream(streamState.forwarded, end);
        },
      },
      ctx.attemptDeps,
    );
    streamState.forwarded = forwarded;
    report.started(forwarded);
    if (forwarded.streaming) finishedHere = false;
    else {
      cacheStep?.finishBody(forwarded);
      report.finishedWithBody(forwarded);
    }
    // 9. answer with our headers
    // headers go on before the Response exists: changing a Response's headers afterwards is slow
    if (sessionId) forwarded.headers.set("x-session-id", sessionId);
    if (cacheStep) forwarded.headers.set("x-cache-status", cacheStep.status.toUpperCase());
    return toClientResponse(forwarded, requestId, startedAt);
  } catch (error: unknown) {
    cacheStep?.abandon();
    const response = toErrorResponse(error, dialect, requestId, ctx.logger);
    report.failed(response.status, error);
    return response;
  } finally {
    if (finishedHere) finish();
  }
}

// --- internal ---

async function admit(ctx: PipelineContext, signal: AbortSignal): Promise<Permit> {
  const { queue } = ctx.config;
  const result = await ctx.admission.acquire(queue.timeout, signal);
  if (result.ok) return result.permit;
  switch (result.reason) {
    case "full":
      throw new ProxyError(
        "queue_full",
        `the request queue is full (queue.max_queued: ${queue.max_queued} waiting)`,
        { headers: { "retry-after": "1" } },
      );
    case "timeout":
      throw new ProxyError(
        "queue_timeout",
        `waited queue.timeout (${queue.timeout} ms) for one of queue.max_concurrent (${queue.max_concurrent}) places`,
        { headers: { "retry-after": String(Math.max(1, Math.ceil(queue.timeout / 1000))) } },
      );
    case "aborted":
      throw new ProxyError("client_closed", "client went away while queued");
  }
}

/** Rough prompt size for tokens-per-minute limits before the upstream reports usage. */
function estimateTokens(bytes: Uint8Array | null): number {
  return bytes ? Math.ceil(bytes.byteLength / 4) : 0;
}

/** The dialect of a path not yet validated (e.g. "/v1/messages%2Fx"), for its error. */
function dialectForRawPath(url: string): Dialect {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  return start !== -1 && url.startsWith("/v1/messages", start) ? "anthropic" : "openai";
}

function deploymentFromPath(pathname: string): string | undefined {
  const match = /^\/openai\/deployments\/([^/]+)\//.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function toClientResponse(forwarded: Forwarded, requestId: string, startedAt: number): Response {
  const headers = forwarded.headers;
  const elapsed = performance.now() - startedAt;
  headers.set("x-request-id", requestId);
  headers.set("x-llm-proxy-provider", forwarded.target.name);
  headers.set("x-llm-proxy-attempts", String(forwarded.attempts.length));
  headers.set("x-upstream-response-time", String(Math.round(forwarded.upstreamMs)));
  headers.set("x-llm-proxy-overhead-ms", (elapsed - forwarded.waitedMs).toFixed(3));
  if (forwarded.panic) headers.set("x-llm-proxy-panic", "true");
  if (forwarded.streaming) {
    headers.set("cache-control", "no-cache");
    headers.set("x-accel-buffering", "no");
  }
  return new Response(forwarded.body, { status: forwarded.status, headers });
}
