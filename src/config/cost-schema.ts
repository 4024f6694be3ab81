// The `pricing:` and `budgets:` blocks of proxy.config.yaml (DESIGN.md, cost and budgets).

import { z } from "zod";

const pricePerMillion = z.number().min(0);

/** One `pricing:` entry: USD per million tokens for the models matching a glob. */
export const priceOverrideSchema = z.strictObject({
  model: z.string().min(1),
  /** Only when this configured provider serves the model; default any provider. */
  provider: z.string().min(1).optional(),
  input: pricePerMillion,
  output: pricePerMillion,
  /** Default: the input price. */
  cache_read: pricePerMillion.optional(),
  /** Default: the input price. */
  cache_write: pricePerMillion.optional(),
});

export const budgetsSchema = z.strictObject({
  /** Output tokens a budget reservation assumes for a request that sets no limit of its own. */
  default_max_tokens: z.int().min(1).default(4096),
  /** Share of a budget whose crossing logs a warning, writes an audit event and counts. */
  alert_at: z.number().gt(0).max(1).default(0.8),
  /**
   * Let budgeted callers use models without a price instead of a 403 unpriced_model; their
   * cost is unknown, so such requests charge nothing to the budget.
   */
  allow_unpriced: z.boolean().default(false),
});

export type PriceOverrideConfig = z.infer<typeof priceOverrideSchema>;
export type BudgetsConfig = z.infer<typeof budgetsSchema>;
