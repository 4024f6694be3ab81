// One upstream attempt: build the request, enforce connect / first-byte / total timeouts.

import type { TimeoutsConfig } from "../config/index.ts";
import type { Provider, UpstreamCall } from "../providers/index.ts";
import type { ConnectProbe, ReachabilityMemory } from "./connect-probe.ts";
import { toUpstreamHeaders, withoutCredentialParams } from "./headers.ts";

export type Target = {
  /** Provider name from the config, safe to show. */
  name: string;
  provider: Provider;
  baseUrl: string;
  /** Origin of baseUrl, computed once (every upstream URL shares it). */
  origin: string;
  secret: string | undefined;
  headers: Record<string, string>;
  timeouts: TimeoutsConfig;
};

/** One target prepared for this request: its own URL parts and (model-mapped) body. */
export type Candidate = {
  target: Target;
  call: UpstreamCall;
  body: Uint8Array | null;
  /** Routed by the panic pass (every candidate was out); the answer says so. */
  panic?: boolean;
  /**
   * Called exactly once when this attempt is over (for streams: when the stream ends) with how
   * it went, or undefined when the client went away; releases its concurrency slot.
   */
  finish?: (report: AttemptReport | undefined) => void;
  /** Puts this attempt's credential on the headers (a pooled key, a signed or fetched token). */
  applyCredential?: (headers: Headers) => void;
  /** A 401/403 may be retried: the provider has another credential to try. */
  retryOnAuthFailure?: boolean;
};

export type AttemptInput = {
  method: string;
  clientHeaders: Headers;
  requestId: string;
  /** Aborts when the client goes away or the server shuts down. */
  signal: AbortSignal;
};

export type AttemptFailure =
  | "connect"
  | "connect_timeout"
  | "first_byte_timeout"
  | "timeout"
  | "aborted";

/** How one attempt ended, for health tracking. Undefined when the client went away. */
export type AttemptReport = {
  status?: number;
  failure?: AttemptFailure | "stream_broken";
  /** Time to the upstream's response headers. */
  firstByteMs: number;
  retryAfterMs?: number;
};

export type AttemptResult =
  | {
      ok: true;
      response: Response;
      startedAt: number;
      upstreamMs: number;
      timedOut: () => boolean;
    }
  | { ok: false; failure: AttemptFailure; message: string; upstreamMs: number };

export type AttemptDeps = {
  fetch: typeof fetch;
  probe: ConnectProbe;
  reachability: ReachabilityMemory;
};

export async function attemptUpstream(
  candidate: Candidate,
  input: AttemptInput,
  deps: AttemptDeps,
): Promise<AttemptResult> {
  const { target, call } = candidate;
  const started = performance.now();
  const url = target.provider.toUpstreamUrl(target.baseUrl, {
    ...call,
    search: withoutCredentialParams(call.search),
  });
  const headers = toUpstreamHeaders(input.clientHeaders, target.headers);
  headers.set("x-request-id", input.requestId);
  target.provider.applyDefaults(headers);
  if (candidate.applyCredential) candidate.applyCredential(headers);
  else if (target.secret) target.provider.applyCredential(headers, target.secret);

  const total = AbortSignal.timeout(target.timeouts.request);
  const beforeHeaders = new AbortController();
  const signal = AbortSignal.any([input.signal, total, beforeHeaders.signal]);
  const request = new Request(url, { method: input.method, headers, body: candidate.body, signal });
  let failure: AttemptFailure | undefined;
  const abortBeforeHeaders = (why: AttemptFailure) => {
    failure ??= why;
    beforeHeaders.abort();
  };
  // from the moment the request is sent; the connect check runs beside it
  const firstByteTimer = setTimeout(
    () => abortBeforeHeaders("first_byte_timeout"),
    target.timeouts.first_byte,
  );
  const connectTimer = target.provider.respond
    ? undefined
    : setTimeout(
        () => checkConnect(url, target, deps, abortBeforeHeaders),
        target.timeouts.connect,
      );

  try {
    const response = target.provider.respond
      ? await target.provider.respond(request, call)
      : await deps.fetch(request);
    deps.reachability.markReachable(target.origin);
    return {
      ok: true,
      response,
      startedAt: started,
      upstreamMs: performance.now() - started,
      timedOut: () => total.aborted,
    };
  } catch (error: unknown) {
    const upstreamMs = performance.now() - started;
    if (input.signal.aborted)
      return { ok: false, failure: "aborted", message: "client went away", upstreamMs };
    if (total.aborted) failure ??= "timeout";
    const kind = failure ?? "connect";
    return { ok: false, failure: kind, message: describeFailure(kind, target, error), upstreamMs };
  } finally {
    clearTimeout(firstByteTimer);
    if (connectTimer) clearTimeout(connectTimer);
  }
}

// --- internal ---

function checkConnect(
  url: string,
  target: Target,
  deps: AttemptDeps,
  abort: (why: AttemptFailure) => void,
): void {
  const parsed = new URL(url);
  if (deps.reachability.isKnownReachable(parsed.origin)) return;
  const port = Number(parsed.port) || (parsed.protocol === "https:" ? 443 : 80);
  void deps.probe(parsed.hostname, port, target.timeouts.connect).then((reachable) => {
    if (reachable) deps.reachability.markReachable(parsed.origin);
    else abort("connect_timeout");
  });
}

function describeFailure(kind: AttemptFailure, target: Target, error: unknown): string {
  const ms = (value: number) => `${value} ms`;
  switch (kind) {
    case "connect_timeout":
      return `could not connect to provider ${target.name} within ${ms(target.timeouts.connect)}`;
    case "first_byte_timeout":
      return `provider ${target.name} sent no response within ${ms(target.timeouts.first_byte)} (timeouts.first_byte)`;
    case "timeout":
      return `provider ${target.name} did not finish within ${ms(target.timeouts.request)}`;
    case "aborted":
      return "client went away";
    case "connect":
      return `could not reach provider ${target.name}: ${networkErrorCode(error)}`;
  }
}

/** Only the error code: fetch messages can echo the URL, which may carry a key. */
function networkErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "network error";
}
