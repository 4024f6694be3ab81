// Overview: requests, errors, p50/p99 latency, tokens and cost over a window, as charts, with
// the totals above them and the providers' states beside.

import { useMemo, useState } from "preact/hooks";
import { api } from "../api.ts";
import { Badge, Choice, Page } from "../components/page.tsx";
import { Empty, LoadedView } from "../components/states.tsx";
import { type ChartSeries, TimeChart } from "../components/time-chart.tsx";
import { formatCount, formatMs, formatPercent, formatUsd } from "../format.ts";
import type { Provider, StatsPoint } from "../types.ts";
import { useLoad } from "../use-load.ts";
import { stateTone } from "./providers.tsx";

const windows = [
  { value: "1h", label: "1 hour", step: "1m" },
  { value: "6h", label: "6 hours", step: "5m" },
  { value: "24h", label: "24 hours", step: "5m" },
  { value: "7d", label: "7 days", step: "1h" },
] as const;
type Window = (typeof windows)[number]["value"];

export function Overview() {
  const [window, setWindow] = useState<Window>("24h");
  const step = windows.find((option) => option.value === window)?.step ?? "5m";
  const { state, reload } = useLoad(async () => {
    const [stats, providers] = await Promise.all([
      api<{ points: StatsPoint[] }>("GET", `/admin/stats?since=${window}&step=${step}`),
      api<{ providers: Provider[] }>("GET", "/admin/providers"),
    ]);
    return { points: stats.points, providers: providers.providers };
  }, [window]);
  return (
    <Page
      title="Overview"
      description="Traffic through this proxy, from its usage records."
      actions={
        <>
          <Choice label="Window" value={window} options={windows} onChange={setWindow} />
          <button type="button" class="button" onClick={reload}>
            Refresh
          </button>
        </>
      }
    >
      <LoadedView state={state} onRetry={reload}>
        {(data) => <OverviewBody points={data.points} providers={data.providers} />}
      </LoadedView>
    </Page>
  );
}

// --- internal ---

function OverviewBody({ points, providers }: { points: StatsPoint[]; providers: Provider[] }) {
  const totals = useMemo(() => totalsOf(points), [points]);
  return (
    <>
      <nav class="provider-strip" aria-label="Providers">
        {providers.map((provider) => (
          <a key={provider.name} href="#/providers" class="provider-chip">
            {provider.name} <Badge tone={stateTone(provider.state)}>{provider.state}</Badge>
          </a>
        ))}
      </nav>
      <div class="cards">
        <Card label="Requests" value={formatCount(totals.requests)} />
        <Card
          label="Errors"
          value={`${formatCount(totals.errors)} (${formatPercent(totals.errors, totals.requests)})`}
        />
        <Card label="Highest p99" value={formatMs(totals.worstP99)} />
        <Card
          label="Tokens in / out"
          value={`${formatCount(totals.input)} / ${formatCount(totals.output)}`}
        />
        <Card label="Cost (priced requests)" value={formatUsd(totals.cost)} />
      </div>
      {totals.requests === 0 ? (
        <Empty title="No requests in this window yet">
          Send one through the proxy, e.g. <code>curl {location.origin}/v1/chat/completions</code>{" "}
          with a client token, or pick a longer window.
        </Empty>
      ) : (
        <Charts points={points} />
      )}
    </>
  );
}

function Charts({ points }: { points: StatsPoint[] }) {
  const times = useMemo(() => points.map((point) => Date.parse(point.t) / 1000), [points]);
  const series = useMemo(() => chartSeries(points), [points]);
  return (
    <div class="charts">
      <TimeChart
        title="Requests and errors"
        times={times}
        series={series.requests}
        format={formatCount}
      />
      <TimeChart
        title="Latency (p50 / p99)"
        times={times}
        series={series.latency}
        format={formatMs}
      />
      <TimeChart title="Tokens" times={times} series={series.tokens} format={formatCount} />
      <TimeChart title="Cost (USD)" times={times} series={series.cost} format={formatUsd} />
    </div>
  );
}

function chartSeries(
  points: StatsPoint[],
): Record<"requests" | "latency" | "tokens" | "cost", ChartSeries[]> {
  const of = (pick: (point: StatsPoint) => number | null) => points.map(pick);
  return {
    requests: [
      { label: "requests", values: of((p) => p.requests), color: "--series-1" },
      { label: "errors", values: of((p) => p.errors), color: "--series-bad" },
    ],
    latency: [
      { label: "p50", values: of((p) => p.p50_ms), color: "--series-1" },
      { label: "p99", values: of((p) => p.p99_ms), color: "--series-2" },
    ],
    tokens: [
      { label: "input", values: of((p) => p.input_tokens), color: "--series-1" },
      { label: "output", values: of((p) => p.output_tokens), color: "--series-2" },
    ],
    cost: [{ label: "cost", values: of((p) => p.cost_usd), color: "--series-3" }],
  };
}

function totalsOf(points: StatsPoint[]) {
  const totals = {
    requests: 0,
    errors: 0,
    input: 0,
    output: 0,
    cost: 0,
    worstP99: null as number | null,
  };
  for (const point of points) {
    totals.requests += point.requests;
    totals.errors += point.errors;
    totals.input += point.input_tokens;
    totals.output += point.output_tokens;
    totals.cost += point.cost_usd;
    if (point.p99_ms !== null) totals.worstP99 = Math.max(totals.worstP99 ?? 0, point.p99_ms);
  }
  return totals;
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div class="card">
      <div class="card-label">{label}</div>
      <div class="card-value">{value}</div>
    </div>
  );
}
