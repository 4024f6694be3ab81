// The public shape of the metrics registry and its instruments.

export type Labels = Record<string, string>;

export type Counter = { inc(labels?: Labels, by?: number): void };

export type Gauge = {
  set(labels: Labels | undefined, value: number): void;
  inc(labels?: Labels, by?: number): void;
  dec(labels?: Labels, by?: number): void;
};

export type Histogram = { observe(labels: Labels | undefined, value: number): void };

/** One series of a scrape-time gauge; rows with the same labels are summed. */
export type GaugeSample = { labels: Labels; value: number };

export type Registry = {
  counter(name: string, help: string, labelNames: readonly string[]): Counter;
  gauge(name: string, help: string, labelNames: readonly string[]): Gauge;
  /** Gauges computed at scrape time (in-flight, queue, provider state...). */
  gaugeFn(
    name: string,
    help: string,
    labelNames: readonly string[],
    collect: () => GaugeSample[],
  ): void;
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ): Histogram;
  /** The whole registry in Prometheus text format, metrics in registration order, series sorted by label values. */
  render(): string;
};

export type RegistryOptions = {
  /**
   * Label combinations kept per metric (default 1000). Updates for further new combinations go
   * to one series whose every label value is "_other_", and count in
   * llm_proxy_metrics_series_dropped_total.
   */
  maxSeriesPerMetric?: number;
};
