// A budget's two inputs (amount in USD and period), and the body fields they mean for a create
// (POST) or a change (PATCH: null removes the budget).

import type { BudgetPeriod, BudgetSetting } from "../types.ts";
import { Field } from "./field.tsx";

export type BudgetDraft = { amount: string; period: BudgetPeriod };
export type BudgetBody = { budget_usd?: number | null; budget_period?: BudgetPeriod };

const periodOptions: readonly { value: BudgetPeriod; label: string }[] = [
  { value: "1d", label: "per day (1d)" },
  { value: "7d", label: "per 7 days (7d)" },
  { value: "30d", label: "per 30 days (30d)" },
  { value: "month", label: "per calendar month" },
  { value: "total", label: "in total, never resets" },
];

export function budgetDraftOf(setting: BudgetSetting): BudgetDraft {
  return {
    amount: setting.budget_usd?.toString() ?? "",
    period: setting.budget_period ?? "month",
  };
}

/** A new token's or project's budget: none for an empty amount. */
export function budgetBodyOf(draft: BudgetDraft): BudgetBody {
  const amount = draft.amount.trim();
  return amount === "" ? {} : { budget_usd: Number(amount), budget_period: draft.period };
}

/** What turns `current` into `draft`: nothing when they agree, null when the amount was cleared. */
export function budgetChangeOf(draft: BudgetDraft, current: BudgetSetting): BudgetBody {
  const wanted = budgetBodyOf(draft);
  if (wanted.budget_usd === undefined)
    return current.budget_usd === null ? {} : { budget_usd: null };
  const same =
    wanted.budget_usd === current.budget_usd && wanted.budget_period === current.budget_period;
  return same ? {} : wanted;
}

export function BudgetFields(props: {
  draft: BudgetDraft;
  onChange: (draft: BudgetDraft) => void;
}) {
  const { draft, onChange } = props;
  return (
    <>
      <Field label="Budget (USD)" hint="empty = no budget">
        <input
          name="budget_usd"
          type="number"
          min="0.01"
          step="0.01"
          value={draft.amount}
          onInput={(event) => onChange({ ...draft, amount: event.currentTarget.value })}
        />
      </Field>
      <Field label="Budget period" hint="UTC; 1d/7d/30d start the day it is set">
        <select
          name="budget_period"
          value={draft.period}
          onChange={(event) => onChange({ ...draft, period: toPeriod(event.currentTarget.value) })}
        >
          {periodOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

// --- internal ---

function toPeriod(value: string): BudgetPeriod {
  return periodOptions.find((option) => option.value === value)?.value ?? "month";
}
