// The proxied-request pipeline, one numbered step at a time (see DESIGN.md, request lifecycle).

import type { Config } from "../config/index.ts";
import type { Logger } from "../observability/index.ts";
import type { Router } from "../routing/index.ts";
import {
  type Dialect,
  dialectForPath,
  isValidRequestId,
  newRequestId,
  ProxyError,
} from "../shared/index.ts";
import {
  type AttemptDeps,
  type Candidate,
  type Forwarded,
  forwardWithFallback,
  type StreamEnd,
  type Target,
} from "../upstream/index.ts";
import type { EndpointPolicy } from "./endpoint-policy.ts";
import { toErrorResponse } from "./error-response.ts";
import type { InFlight } from "./in-flight.ts";
import { bodyForModel, type ClientBody, readClientBody } from "./request-body.ts";
import { parseRequestTarget, type RequestTarget } from "./request-target.ts";

export type PipelineContext = {
  config: Config;
  router: Router;
  targets: Map<string, Target>;
  endpoints: EndpointPolicy;
  logger: Logger;
  attemptDeps: AttemptDeps;
  /** Aborted when the shutdown grace period ends: in-flight streams get an error event. */
  shutdownSignal: AbortSignal;
  inFlight: InFlight;
};

export async function handleProxyRequest(
  request: Request,
  ctx: PipelineContext,
): Promise<Response> {
  const startedAt = performance.now();
  const inbound = request.headers.get("x-request-id");
  const requestId = isValidRequestId(inbound) ? inbound : newRequestId();
  let dialect: Dialect = "openai";
  let pathname = "";
  ctx.inFlight.enter();
  let finishedHere = true;
  try {
    // 1. validate the target and the allowlist
    const target = parseRequestTarget(request.url);
    pathname = target.pathname;
    dialect = dialectForPath(pathname);
    ctx.endpoints.check(request.method, pathname);
    // 2. read the body once and find the model
    const body = await readClientBody(request, ctx.config.server.max_body);
    const model = body.model ?? deploymentFromPath(pathname);
    // 3. pick candidate providers
    const candidates = toCandidates(ctx, target, body, model);
    // 4. forward, falling back before the first byte
    const signal = AbortSignal.any([request.signal, ctx.shutdownSignal]);
    const forwardedRef: { value: Forwarded | undefined } = { value: undefined };
    const onStreamEnd = (end: StreamEnd) => {
      ctx.inFlight.leave();
      logRequest(ctx, request.method, pathname, requestId, startedAt, forwardedRef.value, end);
    };
    const forwarded = await forwardWithFallback(
      candidates,
      { method: request.method, clientHeaders: request.headers, requestId, signal },
      { dialect, maxAttempts: candidates.length, onStreamEnd },
      ctx.attemptDeps,
    );
    forwardedRef.value = forwarded;
    if (forwarded.streaming) finishedHere = false;
    // 5. answer with our headers
    const response = toClientResponse(forwarded, requestId, startedAt);
    if (!forwarded.streaming)
      logRequest(ctx, request.method, pathname, requestId, startedAt, forwarded);
    return response;
  } catch (error: unknown) {
    const response = toErrorResponse(error, dialect, requestId, ctx.logger);
    logFailure(ctx, request.method, pathname, requestId, startedAt, response.status);
    return response;
  } finally {
    if (finishedHere) ctx.inFlight.leave();
  }
}

// --- internal ---

function toCandidates(
  ctx: PipelineContext,
  target: RequestTarget,
  body: ClientBody,
  model: string | undefined,
): Candidate[] {
  const providers = ctx.router.candidatesFor(model);
  if (providers.length === 0) {
    throw new ProxyError("model_not_found", `no provider serves model "${model}"`, {
      param: "model",
    });
  }
  return providers.map((provider) => {
    const upstreamModel = model === undefined ? undefined : (provider.model_map[model] ?? model);
    return {
      target: ctx.targets.get(provider.name) as Target,
      call: { pathname: target.pathname, search: target.search, model: upstreamModel },
      body: bodyForModel(body, upstreamModel),
    };
  });
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
  if (forwarded.streaming) {
    headers.set("cache-control", "no-cache");
    headers.set("x-accel-buffering", "no");
  }
  return new Response(forwarded.body, { status: forwarded.status, headers });
}

function logRequest(
  ctx: PipelineContext,
  method: string,
  pathname: string,
  requestId: string,
  startedAt: number,
  forwarded: Forwarded | undefined,
  end?: StreamEnd,
): void {
  if (!ctx.config.logging.requests) return;
  const fields = {
    request_id: requestId,
    provider: forwarded?.target.name,
    attempts: forwarded?.attempts.length,
    ms: Math.round(performance.now() - startedAt),
    ...(end ? { stream: end.kind, bytes: end.bytes } : {}),
  };
  ctx.logger.info(`${method} ${pathname} ${forwarded?.status ?? 0}`, fields);
}

function logFailure(
  ctx: PipelineContext,
  method: string,
  pathname: string,
  requestId: string,
  startedAt: number,
  status: number,
): void {
  if (!ctx.config.logging.requests) return;
  const ms = Math.round(performance.now() - startedAt);
  ctx.logger.info(`${method} ${pathname || "?"} ${status}`, { request_id: requestId, ms });
}
