// The bench's shared leaf of types: what its client processes print as JSON, the run's sizes, a
// running target and the figures measured through it. Imports nothing, so any file may import it.

/** A figure, or why it is missing: `why` is short enough for a table cell, `detail` says more. */
export type Outcome<T> = { ok: true; value: T } | Missing;
type Missing = { ok: false; why: string; detail?: string };

export type Profile = {
  name: "full" | "quick";
  wrkSeconds: number;
  /** An unrecorded wrk run first, so every server is warm (JIT, pools) when measured. */
  wrkWarmupSeconds: number;
  wrkConnections: number;
  /** S2: content chunks of each stream, sent at once (the mock's x-mock-chunks). */
  sseChunks: number;
  /** S4: size of each JSON answer. */
  bigBodyBytes: number;
  latencySamples: number;
  latencyWarmup: number;
  ttfbSamples: number;
  ttfbWarmup: number;
  /** Spaced chunks, so a gateway that buffered the stream would show in its TTFT. */
  ttfbChunks: number;
  ttfbIntervalMs: number;
  /** S3: this many streams at once, each `streamChunks` content chunks over `streamSeconds`. */
  streams: number;
  streamChunks: number;
  streamSeconds: number;
  /** Failover scenario: constant load for this long; mock 2 is killed halfway. */
  failoverSeconds: number;
  failoverWorkers: number;
};

export type Percentiles = { count: number; p50: number; p99: number; mean: number; max: number };

/** Sequential requests at concurrency 1; times in microseconds. */
export type SequentialResult = {
  mode: "latency" | "ttfb";
  samples: Percentiles;
  errors: number;
  firstError?: string;
};

/** Up to a few reasons why requests failed, with how often each happened. */
export type Failures = { reason: string; count: number }[];

export type StreamsResult = {
  mode: "streams";
  opened: number;
  intact: number;
  failures: Failures;
  wallMs: number;
};

/**
 * Constant load from many workers; one entry per recorded request in parallel arrays (compact on
 * stdout). Times are epoch milliseconds, comparable across processes on one machine.
 */
export type LoadResult = {
  mode: "load";
  /** Requests that started before this were warm-up and are not recorded. */
  recordFrom: number;
  recordUntil: number;
  startedAt: number[];
  micros: number[];
  /** 0 when no response arrived (the reason is among `failures`). */
  status: number[];
  /** llm-proxy's x-llm-proxy-attempts and x-llm-proxy-provider headers: 0 and "" when absent. */
  attempts: number[];
  provider: string[];
  failures: Failures;
};

/** A steady request rate (the soak): counts and latencies per kind, in milliseconds. */
export type RateResult = {
  mode: "rate";
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  /** Not sent because too many were still in flight (the gateway fell behind). */
  skipped: number;
  json: Percentiles;
  sse: Percentiles;
  failures: Failures;
};

export type ClientResult = SequentialResult | StreamsResult | LoadResult | RateResult;

/** Where wrk is and how many connections it keeps open. */
export type WrkRun = { wrkPath: string; connections: number };

export type WrkFigures = {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Bytes wrk read and the seconds it ran, from its summary line. */
  bytesRead: number;
  seconds: number;
  /** Non-2xx/3xx answers; a healthy run has none. */
  badStatus: number;
  socketErrors: number;
  /** wrk's "Socket errors" line, e.g. "connect 0, read 0, write 0, timeout 64", when it printed one. */
  socketErrorLine?: string;
};

/** A started target: where to send requests and which processes are the gateway. */
export type RunningTarget = {
  origin: string;
  /** Their CPU time and RSS are the gateway's. */
  pids: number[];
  /** A client token every request sends as the bearer (auth.mode tokens). */
  token?: string;
  /** A log to scan for WARN and ERROR lines. */
  logPath?: string;
};

/** A wrk run at c=64 with the gateway's CPU time over it. */
export type LoadFigures = WrkFigures & {
  mibPerSec: number;
  /** utime + stime of the gateway's processes over the run, per request; needs /proc. */
  cpuPerRequestUs: number | undefined;
};

/** S3: the streams and the gateway's peak RSS while they were open. */
export type StreamFigures = StreamsResult & { peakRssMiB: number | undefined };

/** What each phase measures through one target. */
export type PhaseValues = {
  s1: LoadFigures;
  latency: SequentialResult;
  s2: LoadFigures;
  s3: StreamFigures;
  s4: LoadFigures;
  ttft: SequentialResult;
};
export type PhaseKey = keyof PhaseValues;
export type TargetFigures = { [K in PhaseKey]: Outcome<PhaseValues[K]> };

export type TargetInfo = { key: string; label: string; about: string };

/** A target after its start and sample request, whether or not it came up. */
export type StartedTarget = TargetInfo & {
  running: Outcome<RunningTarget>;
  /** VmRSS once started and checked, before any load. */
  startRssMiB: number | undefined;
};

/** A target with what was measured through it. */
export type MeasuredTarget = TargetInfo & {
  startRssMiB: number | undefined;
  figures: TargetFigures;
};

export type Verdict = "PASS" | "MISS" | "N/A";
export type TargetCheck = {
  goal: string;
  verdict: Verdict;
  detail: string;
  /** The same measure for bun-stream and bun-features: what Bun allows. */
  reach?: string;
};
