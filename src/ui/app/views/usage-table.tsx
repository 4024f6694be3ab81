// The usage table: one row per group, a bar of its share of requests, and its cost. Cost counts
// the priced requests only; those without a known price are counted beside it, never as $0.

import { formatCount, formatPercent, formatUsd } from "../format.ts";
import type { UsageRow } from "../types.ts";

export const groupings = [
  { value: "project", label: "Project" },
  { value: "token", label: "Token" },
  { value: "model", label: "Model" },
  { value: "provider", label: "Provider" },
] as const;
export type Grouping = (typeof groupings)[number]["value"];

export function UsageTable({ by, rows }: { by: Grouping; rows: UsageRow[] }) {
  const most = Math.max(...rows.map((row) => row.requests), 1);
  const unpriced = rows.reduce((sum, row) => sum + row.unpriced_requests, 0);
  return (
    <>
      <table class="table usage-table">
        <UsageHead by={by} />
        <tbody>
          {rows.map((row) => (
            <UsageLine key={String(row[by])} by={by} row={row} share={row.requests / most} />
          ))}
        </tbody>
      </table>
      {unpriced > 0 && (
        <p class="muted small table-note">
          {formatCount(unpriced)} request{unpriced === 1 ? "" : "s"} used a model without a known
          price and {unpriced === 1 ? "is" : "are"} not in the cost. Add its price under pricing: in
          proxy.config.yaml (llm-proxy pricing shows what is known).
        </p>
      )}
    </>
  );
}

// --- internal ---

function UsageHead({ by }: { by: Grouping }) {
  return (
    <thead>
      <tr>
        <th>{groupings.find((grouping) => grouping.value === by)?.label}</th>
        <th class="number">Requests</th>
        <th class="bar-cell">
          <span class="sr-only">Share of requests</span>
        </th>
        {["Input tokens", "Output tokens", "Errors", "Cost"].map((label) => (
          <th key={label} class="number">
            {label}
          </th>
        ))}
        <th class="number" title="Requests that used tokens of a model without a known price">
          Unpriced
        </th>
      </tr>
    </thead>
  );
}

function UsageLine({ by, row, share }: { by: Grouping; row: UsageRow; share: number }) {
  return (
    <tr>
      <td>{row[by] === null ? <span class="muted">(none)</span> : String(row[by])}</td>
      <td class="number">{formatCount(row.requests)}</td>
      <td class="bar-cell">
        <span class="bar" style={{ width: `${share * 100}%` }} />
      </td>
      <td class="number">{formatCount(row.input_tokens)}</td>
      <td class="number">{formatCount(row.output_tokens)}</td>
      <td class="number">
        {formatCount(row.errors)}{" "}
        <span class="muted">({formatPercent(row.errors, row.requests)})</span>
      </td>
      <td class="number" data-column="cost_usd">
        {row.cost_usd === null ? <span class="muted">–</span> : formatUsd(row.cost_usd)}
      </td>
      <td class="number" data-column="unpriced_requests">
        {row.unpriced_requests > 0 ? (
          formatCount(row.unpriced_requests)
        ) : (
          <span class="muted">0</span>
        )}
      </td>
    </tr>
  );
}
