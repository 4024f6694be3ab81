// Result shapes shared by the bench orchestrator and its client process (JSON on the client's stdout).

export type Percentiles = { count: number; p50: number; p99: number; mean: number; max: number };

/** Sequential requests at concurrency 1; times in microseconds. */
export type SequentialResult = {
  mode: "latency" | "ttfb";
  samples: Percentiles;
  errors: number;
  firstError?: string;
};

export type StreamsResult = {
  mode: "streams";
  opened: number;
  intact: number;
  /** Up to a few reasons why a stream was not intact, with how often each happened. */
  failures: { reason: string; count: number }[];
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
  failures: { reason: string; count: number }[];
};

export type ClientResult = SequentialResult | StreamsResult | LoadResult;
