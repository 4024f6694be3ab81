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

export type ClientResult = SequentialResult | StreamsResult;
