// One upstream attempt: build the request, enforce connect / first-byte / total timeouts. One
// AbortController per attempt, aborted by the client leaving, shutdown or a timer, and the
// reason kept, so a failure says which it was without AbortSignal.any per request.

import type { TimeoutsConfig } from "../config/index.ts";
import type { Provider, UpstreamCall } from "../providers/index.ts";
import type { ApiDialect, Clock } from "../shared/index.ts";
import type { ConnectProbe, ReachabilityMemory } from "./connect-probe.ts";
import { dropVendorHeaders, toUpstreamHeaders, withoutCredentialParams } from "./headers.ts";
import type { ShutdownSwitch, ShutdownWatch } from "./shutdown-switch.ts";

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
  /** The dialects it speaks: the config's `dialects`, else its kind's. */
  dialects: readonly ApiDialect[];
};

/** A candidate whose provider speaks another dialect than the client: what to turn back. */
export type CandidateTranslation = {
  client: ApiDialect;
  upstream: ApiDialect;
  /** The client's fields the upstream could not take (x-llm-proxy-dropped). */
  dropped: string[];
  /** The body as the client sent it (what it asked for decides parts of the answer). */
  clientRequest: Record<string, unknown>;
};

/** One target prepared for this request: its own URL parts and (model-mapped) body. */
export type Candidate = {
  target: Target;
  call: UpstreamCall;
  body: Uint8Array | null;
  /** Set when the request was translated for this candidate; undefined for pass-through. */
  translation?: CandidateTranslation;
  /** Routed by the panic pass (every candidate was out); the answer says so. */
  panic?: boolean;
  /** The proxy's own answer for this candidate, made without asking it (count_tokens). */
  localAnswer?: () => Response;
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
  /** Aborts when the client goes away. */
  clientSignal: AbortSignal;
  /** Trips when the shutdown grace is over: in-flight streams get an error event. */
  shutdown: ShutdownSwitch;
};

export type AttemptFailure =
  | "connect"
  | "connect_timeout"
  | "first_byte_timeout"
  | "timeout"
  | "aborted"
  | "shutdown";

/** Why an attempt's request was aborted, when it was. */
export type AbortReason =
  | "client"
  | "shutdown"
  | "timeout"
  | "first_byte_timeout"
  | "connect_timeout";

/** How one attempt ended, for health tracking. Undefined when the client went away. */
export type AttemptReport = {
  status?: number;
  failure?: AttemptFailure | "stream_broken";
  /** Time to the upstream's response headers. */
  firstByteMs: number;
  retryAfterMs?: number;
};

export type AttemptResult =
  | AnsweredAttempt
  | { ok: false; failure: AttemptFailure; message: string; upstreamMs: number };

/** An attempt the upstream answered (headers in); its body may still be coming. */
export class AnsweredAttempt {
  readonly ok = true;

  constructor(
    readonly response: Response,
    /** Monotonic ms when the attempt was sent. */
    readonly startedAt: number,
    readonly upstreamMs: number,
    private readonly abort: AttemptAbort | undefined,
  ) {}

  /** Why the exchange was aborted after the headers (a stream cut short), if it was. */
  abortReason(): AbortReason | undefined {
    return this.abort?.why;
  }

  /** Stops the total timer and the abort listeners once the body is over. */
  release(): void {
    this.abort?.release();
  }
}

export type AttemptDeps = {
  fetch: typeof fetch;
  probe: ConnectProbe;
  reachability: ReachabilityMemory;
  clock: Clock;
};

export async function attemptUpstream(
  candidate: Candidate,
  input: AttemptInput,
  deps: AttemptDeps,
): Promise<AttemptResult> {
  const { target, call } = candidate;
  const started = deps.clock.monotonic();
  if (candidate.localAnswer) {
    return new AnsweredAttempt(candidate.localAnswer(), started, 0, undefined);
  }
  const search = call.search === "" ? "" : withoutCredentialParams(call.search);
  const url = target.provider.toUpstreamUrl(
    target.baseUrl,
    search === call.search ? call : { ...call, search },
  );
  const headers = toUpstreamHeaders(input.clientHeaders, target.headers);
  headers.set("x-request-id", input.requestId);
  const { translation } = candidate;
  if (translation) dropVendorHeaders(headers, translation.client, translation.upstream);
  target.provider.applyDefaults(headers);
  if (candidate.applyCredential) candidate.applyCredential(headers);
  else if (target.secret) target.provider.applyCredential(headers, target.secret);

  // an in-process provider answers at once: no connection to check
  const connectCheck = target.provider.respond ? undefined : { url, target, deps };
  const abort = new AttemptAbort(input, target.timeouts, connectCheck);
  const init = { method: input.method, headers, body: candidate.body, signal: abort.signal };
  try {
    const response = target.provider.respond
      ? await target.provider.respond(new Request(url, init), call)
      : await deps.fetch(url, init);
    abort.headersArrived();
    deps.reachability.markReachable(target.origin);
    return new AnsweredAttempt(response, started, deps.clock.monotonic() - started, abort);
  } catch (error: unknown) {
    abort.release();
    const upstreamMs = deps.clock.monotonic() - started;
    const failure = toFailure(abort.why);
    if (failure === "aborted")
      return { ok: false, failure, message: "client went away", upstreamMs };
    return { ok: false, failure, message: describeFailure(failure, target, error), upstreamMs };
  }
}

// --- internal ---

/** How long an attempt waits on the upstream before it listens for the client leaving. */
const clientWatchAfterMs = 250;

/** What the connect check needs: the attempt's URL and where to record what it found. */
type ConnectCheck = { url: string; target: Target; deps: AttemptDeps };

/**
 * The attempt's deadlines (watching the client, the connect check, the first byte, the whole
 * exchange) share one timer, set for whichever is next: a request that answers in time pays for
 * one timer, not four.
 *
 * A listener on the client's signal costs more than the rest of the attempt's bookkeeping (about
 * 4 µs per request in Bun 1.4), so it is added only once the upstream has kept the request waiting
 * for clientWatchAfterMs; a client that left before that is found then. Once the headers are in,
 * a client that leaves cancels the body, which ends the exchange without the signal.
 *
 * A class rather than closures: every attempt makes one, and it lives as long as its stream.
 */
class AttemptAbort {
  /** Why the attempt was aborted, once it was. */
  why: AbortReason | undefined;
  private readonly controller = new AbortController();
  private answered = false;
  private released = false;
  private connectChecked: boolean;
  private watchingClient = false;
  private timer: Timer | undefined;
  private readonly shutdownWatch: ShutdownWatch | undefined;

  constructor(
    private readonly input: AttemptInput,
    private readonly timeouts: TimeoutsConfig,
    private readonly connectCheck: ConnectCheck | undefined,
  ) {
    this.connectChecked = connectCheck === undefined;
    if (input.clientSignal.aborted) this.abort("client");
    if (input.shutdown.tripped) this.abort("shutdown");
    this.shutdownWatch = input.shutdown.watch(this);
    this.arm(0);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** @internal the shutdown switch tripped */
  shutdownTripped(): void {
    this.abort("shutdown");
  }

  abort(reason: AbortReason): void {
    if (this.why !== undefined || this.released) return;
    this.why = reason;
    this.controller.abort();
  }

  /** Headers are in: the first-byte timer is done, and the connection is proven. */
  headersArrived(): void {
    this.answered = true;
  }

  /** The connect probe failed: the attempt is a connect timeout, unless headers came first. */
  connectFailed(): void {
    // a late verdict (a probe the network blocks while fetch goes through a proxy) must not
    // cut an answer that is already coming
    if (!this.answered) this.abort("connect_timeout");
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.shutdownWatch?.stop();
  }

  /** The nearest deadline (ms since the send) still to come: those passed have been handled. */
  private nextDeadline(): number {
    const { timeouts } = this;
    let next = timeouts.request;
    if (!this.answered) {
      next = Math.min(next, timeouts.first_byte);
      if (!this.connectChecked) next = Math.min(next, timeouts.connect);
      if (!this.watchingClient) next = Math.min(next, clientWatchAfterMs);
    }
    return next;
  }

  /** The timer stands for `due` ms since the send: whatever is due by then happens now. */
  private arm(from: number): void {
    const due = this.nextDeadline();
    this.timer = setTimeout(onDeadline, due - from, this, due);
  }

  /** @internal the timer's callback, a module function so that arming makes no closure */
  fire(due: number): void {
    this.timer = undefined;
    const { timeouts, input } = this;
    if (due >= timeouts.request) {
      this.abort("timeout");
      return;
    }
    if (!this.answered && due >= timeouts.first_byte) {
      this.abort("first_byte_timeout");
      return;
    }
    if (!this.answered && !this.watchingClient && due >= clientWatchAfterMs) {
      this.watchingClient = true;
      if (input.clientSignal.aborted) {
        this.abort("client");
        return;
      }
      input.clientSignal.addEventListener("abort", () => this.abort("client"), { once: true });
    }
    if (!this.answered && !this.connectChecked && due >= timeouts.connect) {
      this.connectChecked = true;
      if (this.connectCheck) checkConnect(this.connectCheck, this);
    }
    this.arm(due);
  }
}

function onDeadline(attempt: AttemptAbort, due: number): void {
  attempt.fire(due);
}

function toFailure(reason: AbortReason | undefined): AttemptFailure {
  switch (reason) {
    case undefined:
      return "connect";
    case "client":
      return "aborted";
    default:
      return reason;
  }
}

function checkConnect({ url, target, deps }: ConnectCheck, abort: AttemptAbort): void {
  const parsed = new URL(url);
  if (deps.reachability.isKnownReachable(parsed.origin)) return;
  const port = Number(parsed.port) || (parsed.protocol === "https:" ? 443 : 80);
  void deps.probe(parsed.hostname, port, target.timeouts.connect).then((reachable) => {
    if (reachable) deps.reachability.markReachable(parsed.origin);
    else abort.connectFailed();
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
    case "shutdown":
      return "the proxy is shutting down";
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
