// Usage: requests, tokens, errors (and cost, where priced) by project, token, model or
// provider over a chosen window, with a CSV export of what is shown.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { Choice, Page } from "../components/page.tsx";
import { Empty, LoadedView } from "../components/states.tsx";
import { downloadText, toCsv } from "../csv.ts";
import { formatCount, formatPercent, formatUsd } from "../format.ts";
import type { UsageRow } from "../types.ts";
import { useLoad } from "../use-load.ts";

const groupings = [
  { value: "project", label: "Project" },
  { value: "token", label: "Token" },
  { value: "model", label: "Model" },
  { value: "provider", label: "Provider" },
] as const;
type Grouping = (typeof groupings)[number]["value"];
const windows = [
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
] as const;
type Window = (typeof windows)[number]["value"];

export function Usage() {
  const [by, setBy] = useState<Grouping>("project");
  const [since, setSince] = useState<Window>("24h");
  const { state, reload } = useLoad(
    () => api<{ usage: UsageRow[] }>("GET", `/admin/usage?since=${since}&by=${by}`),
    [by, since],
  );
  const rows = state.data?.usage ?? [];
  const exportCsv = () => {
    const columns = [by, ...Object.keys(rows[0] ?? {}).filter((column) => column !== by)];
    downloadText(`llm-proxy-usage-by-${by}-${since}.csv`, toCsv(columns, rows));
  };
  return (
    <Page
      title="Usage"
      description="What each project, token, model or provider used."
      actions={
        <>
          <Choice label="Group by" value={by} options={groupings} onChange={setBy} />
          <Choice label="Window" value={since} options={windows} onChange={setSince} />
          <button
            type="button"
            class="button export-csv"
            disabled={rows.length === 0}
            onClick={exportCsv}
          >
            Export CSV
          </button>
        </>
      }
    >
      <LoadedView state={state} onRetry={reload}>
        {(data) =>
          data.usage.length === 0 ? (
            <Empty title="No usage in this window">
              Requests appear here once they finish; try a longer window.
            </Empty>
          ) : (
            <UsageTable by={by} rows={data.usage} />
          )
        }
      </LoadedView>
    </Page>
  );
}

// --- internal ---

function UsageTable({ by, rows }: { by: Grouping; rows: UsageRow[] }) {
  const most = Math.max(...rows.map((row) => row.requests), 1);
  const priced = rows.some((row) => typeof row.cost_usd === "number");
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{groupings.find((grouping) => grouping.value === by)?.label}</th>
          <th class="number">Requests</th>
          <th class="bar-cell">
            <span class="sr-only">Share of requests</span>
          </th>
          <th class="number">Input tokens</th>
          <th class="number">Output tokens</th>
          <th class="number">Errors</th>
          {priced && <th class="number">Cost</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={String(row[by])}>
            <td>{row[by] === null ? <span class="muted">(none)</span> : String(row[by])}</td>
            <td class="number">{formatCount(row.requests)}</td>
            <td class="bar-cell">
              <span class="bar" style={{ width: `${(row.requests / most) * 100}%` }} />
            </td>
            <td class="number">{formatCount(row.input_tokens)}</td>
            <td class="number">{formatCount(row.output_tokens)}</td>
            <td class="number">
              {formatCount(row.errors)}{" "}
              <span class="muted">({formatPercent(row.errors, row.requests)})</span>
            </td>
            {priced && (
              <td class="number">
                {typeof row.cost_usd === "number" ? formatUsd(row.cost_usd) : "–"}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
