// The proxied-request pipeline, one numbered step at a time (see DESIGN.md, request lifecycle).
// A request travels down once; a forwarded answer's end comes back once, as its `ended`, and
// `settle` releases, records and stores what it leaves. A request that ends before an answer
// (an error, a cache hit) releases what it holds where it ends.

import type { Authenticator } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import type { CredentialPool } from "../credentials/index.ts";
import { debugBodyBytes, type Logger, type SessionDetector } from "../observability/index.ts";
import type { Balancer, Permit, Semaphore } from "../routing/index.ts";
import {
  apiDialectForPath,
  type Clock,
  type Dialect,
  dialectForPath,
  isValidRequestId,
  newRequestId,
  type Redactor,
} from "../shared/index.ts";
import {
  type AnswerStart,
  type AttemptDeps,
  type ChunkSink,
  type Forwarded,
  type ForwardWatch,
  forwardWithFallback,
  type ShutdownSwitch,
  type StreamEnd,
  type StreamTaps,
  type Target,
} from "../upstream/index.ts";
import { admit } from "./admission.ts";
import { type BudgetContext, type BudgetHold, reserveBudget } from "./budget-step.ts";
import { cachedResponse } from "./cached-response.ts";
import { createCandidateSource } from "./candidates.ts";
import { toClientResponse } from "./client-response.ts";
import type { EndpointPolicy } from "./endpoint-policy.ts";
import { toErrorResponse } from "./error-response.ts";
import type { InFlight } from "./in-flight.ts";
import type { ModelCatalog } from "./model-catalog.ts";
import { answerModelList, isModelListRequest } from "./models-request.ts";
import { type BodyLimits, readClientBody } from "./request-body.ts";
import type { CacheStep, RequestCache } from "./request-cache.ts";
import { createRequestReport, type ReportContext, type RequestReport } from "./request-report.ts";
import {
  deploymentFromPath,
  dialectForRawPath,
  parseRequestTarget,
  type RequestTarget,
} from "./request-target.ts";
import {
  createUsageChunkStripper,
  lacksStreamUsage,
  requestStreamUsage,
} from "./stream-usage-option.ts";

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
  /** Trips when the shutdown grace period ends: in-flight streams get an error event. */
  shutdown: ShutdownSwitch;
  inFlight: InFlight;
  /** The event bus, clock, pricing and capture budget every request report shares. */
  report: ReportContext;
  clock: Clock;
  /** Whether this request is traced (traces.sample_rate, from the injected random). */
  sampleTrace: () => boolean;
  /** logging.level debug or trace: request and response bodies go to the log. */
  logBodies: boolean;
  /** Whether answers are read for their usage (usage rows, tpm limits, token metrics). */
  extractUsage: boolean;
  /** Conversation detection; undefined with sessions.enabled false. */
  sessions: SessionDetector | undefined;
  /** The response cache; undefined with cache.enabled false. */
  cache: RequestCache | undefined;
  /** server.max_body, server.body_timeout and the shared max_body_in_flight budget. */
  bodyLimits: BodyLimits;
  /** The model to route: the client's, without a routing.model_prefixes prefix. */
  modelPrefixes: (model: string | undefined) => string | undefined;
  /** Budgets of projects and tokens; undefined without a store (nothing can have one). */
  budgets: BudgetContext | undefined;
  /** What GET /v1/models lists. */
  models: ModelCatalog;
};

export async function handleProxyRequest(
  request: Request,
  ctx: PipelineContext,
): Promise<Response> {
  const startedAt = ctx.clock.monotonic();
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
    if (isModelListRequest(request.method, target.pathname)) {
      const response = await answerModelList(request, ctx.models, ctx.auth);
      response.headers.set("x-request-id", requestId);
      return response;
    }
  } catch (error: unknown) {
    return toErrorResponse(error, dialect, requestId, ctx.logger);
  }
  const report = createRequestReport(
    ctx.report,
    requestId,
    request.method,
    target.pathname,
    startedAt,
  );
  startCapture(ctx, report, request.headers, target.search);
  ctx.inFlight.enter();
  const held: Held = { permit: undefined, cacheStep: undefined, budget: undefined };
  try {
    return await proxy(request, ctx, { report, target, dialect, requestId, held });
  } catch (error: unknown) {
    held.cacheStep?.abandon();
    release(ctx, held);
    const response = toErrorResponse(error, dialect, requestId, ctx.logger);
    settleBudget(ctx, held, report.failed(response.status, error).cost_usd);
    return response;
  }
}

// --- internal ---

/** What a request holds until it is over: released by settle, or by the failure path. */
type Held = {
  permit: Permit | undefined;
  cacheStep: CacheStep | undefined;
  budget: BudgetHold | undefined;
};

type Proxied = {
  report: RequestReport;
  target: RequestTarget;
  dialect: Dialect;
  requestId: string;
  held: Held;
};

async function proxy(request: Request, ctx: PipelineContext, p: Proxied): Promise<Response> {
  const { report, target, held } = p;
  const { facts } = report;
  // 2. who is calling (from the headers, before reading a body a stranger could make us hold)
  const caller = await ctx.auth?.authenticate(request.headers);
  facts.caller = caller;
  // 3. read the body once, within server.body_timeout; find the model
  const body = await readClientBody(request, ctx.bodyLimits);
  const model = body.model ?? deploymentFromPath(target.pathname);
  const routedModel = ctx.modelPrefixes(model);
  report.setRequest(model, body.json, body.bytes);
  facts.sessionId = ctx.sessions?.identify(body.json, caller?.project.name ?? "");
  // 4. the token's policy, then its budgets: the worst case is reserved before anything is sent
  if (caller) await ctx.auth?.admit(caller, routedModel, estimateTokens(body.bytes));
  if (caller && ctx.budgets) {
    held.budget = await reserveBudget(ctx.budgets, ctx.balancer, caller, routedModel, body);
  }
  // 5. admission: only now, so a slow or silent client never holds a place in the queue
  held.permit = await admit(ctx.admission, ctx.config.queue, request.signal);
  // 6. a stored answer, or the first of identical requests (the others wait for its answer)
  const cacheStep = await ctx.cache?.begin({
    method: request.method,
    target,
    headers: request.headers,
    body,
    model: routedModel,
    project: caller?.project.name,
    signal: request.signal,
  });
  held.cacheStep = cacheStep;
  if (cacheStep) facts.cacheStatus = cacheStep.status;
  if (cacheStep?.hit) {
    const response = cachedResponse(cacheStep.hit, {
      requestId: p.requestId,
      now: ctx.clock.now(),
      elapsedMs: ctx.clock.monotonic() - facts.startedAt,
      // an answer stored from a stream that asked for usage, for a client that did not
      transform:
        ctx.config.usage.include_stream_usage && lacksStreamUsage(body, target.pathname)
          ? createUsageChunkStripper()
          : undefined,
      sessionId: facts.sessionId,
      budgetRemainingUsd: held.budget?.remainingUsd ?? null,
    });
    release(ctx, held);
    const record = report.finishedFromCache(
      cacheStep.hit.status,
      response.headers,
      cacheStep.hit.body,
    );
    settleBudget(ctx, held, record.cost_usd);
    return response;
  }
  const upstreamRequest = ctx.config.usage.include_stream_usage
    ? requestStreamUsage(body, target.pathname)
    : { body, stripUsageChunk: false };
  // 7. plan the providers to try
  const source = createCandidateSource({
    plan: ctx.balancer.plan(routedModel, held.budget?.pricedProviders),
    targets: ctx.targets,
    credentials: ctx.credentials,
    requestTarget: target,
    body: upstreamRequest.body,
    model: routedModel,
    inbound: apiDialectForPath(target.pathname),
    clientBody: body,
  });
  // 8. forward, falling back before the first byte
  const forwarded = await forwardWithFallback(
    source,
    {
      method: request.method,
      clientHeaders: request.headers,
      requestId: p.requestId,
      clientSignal: request.signal,
      shutdown: ctx.shutdown,
    },
    {
      dialect: p.dialect,
      redact: ctx.redact,
      maxAttempts: ctx.config.routing.retries + 1,
      watch: cacheStep?.tap ? new CacheFillingWatch(report, cacheStep.tap) : report,
      keepBody: ctx.extractUsage || report.capturing() || cacheStep?.tap !== undefined,
      streamTransform: upstreamRequest.stripUsageChunk ? createUsageChunkStripper() : undefined,
    },
    ctx.attemptDeps,
  );
  report.started(forwarded);
  void forwarded.ended.then((end) => settle(ctx, p, forwarded, end));
  // 9. answer with our headers
  return toClientResponse(forwarded, {
    requestId: p.requestId,
    elapsedMs: ctx.clock.monotonic() - facts.startedAt,
    sessionId: facts.sessionId,
    cacheStatus: cacheStep?.status.toUpperCase(),
    budgetRemainingUsd: held.budget?.remainingUsd ?? null,
  });
}

/** The one finish of an answered request: attempt, slots, cache, then usage and trace. */
function settle(ctx: PipelineContext, p: Proxied, forwarded: Forwarded, end: StreamEnd): void {
  try {
    forwarded.finishAttempt(end);
    release(ctx, p.held);
    p.held.cacheStep?.finish(forwarded, end);
  } finally {
    settleBudget(ctx, p.held, p.report.finished(forwarded, end).cost_usd);
  }
}

/** The reservation becomes the request's real cost (0 releases it), however it ended. */
function settleBudget(ctx: PipelineContext, held: Held, costUsd: number | null): void {
  const budget = held.budget;
  if (!budget || !ctx.budgets) return;
  held.budget = undefined;
  ctx.budgets.ledger.settle(budget.reservation, costUsd).catch((error: unknown) =>
    ctx.logger.error("could not settle a budget reservation", {
      cause: error instanceof Error ? error.message : String(error),
    }),
  );
}

function release(ctx: PipelineContext, held: Held): void {
  held.permit?.release();
  held.permit = undefined;
  ctx.inFlight.leave();
}

function startCapture(
  ctx: PipelineContext,
  report: RequestReport,
  headers: Headers,
  search: string,
): void {
  const { traces } = ctx.config;
  const traced = traces.enabled && ctx.sampleTrace();
  if (!traced && !ctx.logBodies) return;
  const traceBytes = traced && traces.include_body ? traces.max_body : 0;
  const captureBytes = Math.max(traceBytes, ctx.logBodies ? debugBodyBytes : 0);
  report.capture(captureBytes, traced, headers, search);
}

/** The report's watch, with the cache seeing what the client is sent too. */
class CacheFillingWatch implements ForwardWatch {
  constructor(
    private readonly report: RequestReport,
    private readonly cache: ChunkSink,
  ) {}

  attempt(provider: string, attempt: number): void {
    this.report.attempt(provider, attempt);
  }

  tapFor(answer: AnswerStart): StreamTaps {
    const taps = this.report.tapFor(answer);
    const client = taps.client ? new BothSinks(taps.client, this.cache) : this.cache;
    return { upstream: taps.upstream, client };
  }
}

class BothSinks implements ChunkSink {
  constructor(
    private readonly first: ChunkSink,
    private readonly second: ChunkSink,
  ) {}

  push(chunk: Uint8Array): void {
    this.first.push(chunk);
    this.second.push(chunk);
  }
}

/** Rough prompt size for tokens-per-minute limits before the upstream reports usage. */
function estimateTokens(bytes: Uint8Array | null): number {
  return bytes ? Math.ceil(bytes.byteLength / 4) : 0;
}
