// A budget at a glance: its amount and period, a bar of what is spent and reserved, what is left
// and when it resets (the row of GET /admin/budgets).

import { formatRelative, formatTime, formatUsd } from "../format.ts";
import type { BudgetPeriod, BudgetSetting, BudgetStatus } from "../types.ts";

const periodLabels: Record<BudgetPeriod, string> = {
  "1d": "per day",
  "7d": "per 7 days",
  "30d": "per 30 days",
  month: "per month",
  total: "in total",
};

/** The status of one budget; `statuses` is null when the proxy keeps none (no auth.mode tokens). */
export function findBudget(
  statuses: readonly BudgetStatus[] | null,
  scope: BudgetStatus["scope"],
  name: string,
): BudgetStatus | null | undefined {
  if (statuses === null) return null;
  return statuses.find((status) => status.scope === scope && status.name === name);
}

export function BudgetMeter(props: {
  budget: BudgetSetting;
  status: BudgetStatus | null | undefined;
}) {
  const { budget, status } = props;
  if (budget.budget_usd === null) return <span class="muted small">no budget</span>;
  return (
    <div class="budget">
      <span class="budget-amount">
        {formatUsd(budget.budget_usd)} {periodLabels[budget.budget_period ?? "total"]}
      </span>
      {status && <BudgetUse status={status} />}
      {status === null && (
        <span class="muted small">not enforced: budgets need auth.mode tokens</span>
      )}
    </div>
  );
}

// --- internal ---

function BudgetUse({ status }: { status: BudgetStatus }) {
  const { budget_usd: total, spent_usd: spent, reserved_usd: reserved } = status;
  const share = (part: number) => `${Math.min(100, (part / total) * 100)}%`;
  const used = (spent + reserved) / total;
  const tone = used >= 1 ? "bad" : used >= 0.8 ? "warn" : "ok";
  return (
    <>
      <span class={`meter meter-${tone}`} aria-hidden="true">
        <span class="meter-spent" style={{ width: share(spent) }} />
        <span class="meter-reserved" style={{ width: share(reserved) }} />
      </span>
      <span class="muted small" data-part="budget-use">
        {formatUsd(spent)} spent · {formatUsd(reserved)} reserved ·{" "}
        {formatUsd(Math.max(0, total - spent - reserved))} left ·{" "}
        {status.resets_at === null ? (
          "never resets"
        ) : (
          <span title={formatTime(status.resets_at)}>
            resets {formatRelative(status.resets_at)}
          </span>
        )}
      </span>
    </>
  );
}
