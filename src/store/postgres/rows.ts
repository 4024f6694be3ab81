// Postgres rows back to the store's plain types: Bun's SQL returns int8 and numeric columns
// (epoch ms, counts, sums) as strings, so every such column goes through Number here.

export function num(value: unknown): number {
  return Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** The budget_* columns of a projects or tokens row, as numbers. */
export function budgetColumnsOf(row: Record<string, unknown>): {
  budget_usd: number | null;
  budget_period: string | null;
  budget_set_at: number | null;
} {
  return {
    budget_usd: numOrNull(row.budget_usd),
    budget_period: typeof row.budget_period === "string" ? row.budget_period : null,
    budget_set_at: numOrNull(row.budget_set_at),
  };
}
