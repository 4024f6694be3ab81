// Step 4b of the pipeline: a budgeted caller's worst-case cost is reserved against its token's
// and project's budgets before anything is sent (DESIGN.md, cost and budgets), at the highest
// price among the candidates that have one; the others are skipped.

import { type BudgetLedger, budgetScopesOf, type Caller, type Reservation } from "../auth/index.ts";
import type { Config } from "../config/index.ts";
import { maxOutputTokensOf, type Price, reservationUsd } from "../pricing/index.ts";
import type { Balancer } from "../routing/index.ts";
import { ProxyError } from "../shared/index.ts";
import type { ClientBody } from "./request-body.ts";
import { upstreamModelOf } from "./upstream-model.ts";

export type BudgetContext = {
  ledger: BudgetLedger;
  /** The price of `model` served by provider `provider` now, if there is one. */
  priceOf: (provider: string, model: string) => Price | undefined;
  settings: Config["budgets"];
};

/** What a budgeted request holds until it is settled. */
export type BudgetHold = {
  reservation: Reservation;
  /** For x-llm-proxy-budget-remaining-usd; null when unknown. */
  remainingUsd: number | null;
  /** The candidates with a price; undefined when unpriced ones may go too. */
  pricedProviders: ReadonlySet<string> | undefined;
};

/** Undefined for a caller without a budget. */
export async function reserveBudget(
  context: BudgetContext,
  balancer: Balancer,
  caller: Caller,
  model: string | undefined,
  body: ClientBody,
): Promise<BudgetHold | undefined> {
  const scopes = budgetScopesOf(caller);
  if (scopes.length === 0) return undefined;
  const prices = new Map<string, Price>();
  for (const provider of balancer.servingProviders(model)) {
    const served = upstreamModelOf(provider.config, model);
    const price = served === undefined ? undefined : context.priceOf(provider.name, served);
    if (price) prices.set(provider.name, price);
  }
  const { settings } = context;
  if (prices.size === 0 && !settings.allow_unpriced) {
    throw new ProxyError(
      "unpriced_model",
      `model "${model}" has no price, and this caller has a budget; add it under pricing: or set budgets.allow_unpriced`,
      { param: "model" },
    );
  }
  const bounds = {
    bodyBytes: body.bytes?.byteLength ?? 0,
    maxOutputTokens: maxOutputTokensOf(body.json, settings.default_max_tokens),
  };
  const result = await context.ledger.reserve(
    scopes,
    reservationUsd([...prices.values()], bounds) ?? 0,
  );
  if (!result.ok) {
    const { retryAfterSeconds, message } = result.refusal;
    const headers =
      retryAfterSeconds === null ? undefined : { "retry-after": String(retryAfterSeconds) };
    throw new ProxyError("budget_exceeded", message, headers ? { headers } : {});
  }
  return {
    reservation: result.reservation,
    remainingUsd: result.remainingUsd,
    pricedProviders: settings.allow_unpriced ? undefined : new Set(prices.keys()),
  };
}
