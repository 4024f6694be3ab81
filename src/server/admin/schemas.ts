// zod schemas of the admin API's request bodies. Limits are one shape shared by token create
// and PATCH, so a new field (budgets) is one line here and one in the handler.

import { z } from "zod";
import { type BudgetInput, isBudgetUsd } from "../../auth/index.ts";
import { ProxyError } from "../../shared/index.ts";
import { type BudgetPeriod, budgetPeriods } from "../../store/index.ts";

const positiveInteger = z
  .int({ error: "expected a positive integer" })
  .min(1, { error: "expected a positive integer" });
const nonEmptyString = z
  .string({ error: "expected a non-empty string" })
  .min(1, { error: "expected a non-empty string" });
const modelGlobs = z.array(
  z
    .string({ error: "expected a non-empty model glob" })
    .min(1, { error: "expected a non-empty model glob" }),
  { error: "expected an array of model globs" },
);

const budgetPeriod = z.enum(budgetPeriods, {
  error: `expected one of ${budgetPeriods.join(", ")}`,
});
const budgetUsd = z
  .number({ error: "expected a positive USD amount" })
  .refine(isBudgetUsd, { error: "expected a positive USD amount" });

/** A budget: budget_usd (null removes it) and optionally budget_period (DESIGN.md). */
const budgetFields = {
  budget_usd: budgetUsd.nullable().optional(),
  budget_period: budgetPeriod.optional(),
};

/** Token limits: absent leaves a value as it is, null removes it. */
const tokenLimits = {
  rpm: positiveInteger.nullable().optional(),
  tpm: positiveInteger.nullable().optional(),
  max_requests: positiveInteger.nullable().optional(),
  models: modelGlobs.nullable().optional(),
};

export const createTokenBody = z.strictObject({
  project: nonEmptyString,
  name: z.string({ error: "expected a string" }).nullable().optional(),
  expires: z.string({ error: "expected a string" }).nullable().optional(),
  ...tokenLimits,
  ...budgetFields,
});

export const patchTokenBody = z
  .strictObject({
    name: z.string({ error: "expected a string" }).optional(),
    ...tokenLimits,
    ...budgetFields,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: `expected at least one of name, ${[...Object.keys(tokenLimits), ...Object.keys(budgetFields)].join(", ")}`,
  });

export const createProjectBody = z.strictObject({ name: nonEmptyString, ...budgetFields });

export const patchProjectBody = z
  .strictObject({
    active: z.boolean({ error: "expected true or false" }).optional(),
    ...budgetFields,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: "expected at least one of active, budget_usd, budget_period",
  });

/** The budget a body asks for: undefined leaves it, null removes it. */
export function budgetOf(body: {
  budget_usd?: number | null | undefined;
  budget_period?: BudgetPeriod | undefined;
}): BudgetInput | null | undefined {
  if (body.budget_usd === null) return null;
  if (body.budget_usd === undefined) {
    if (body.budget_period !== undefined) {
      throw new ProxyError("invalid_request", "budget_period needs budget_usd", {
        param: "budget_usd",
      });
    }
    return undefined;
  }
  return body.budget_period
    ? { usd: body.budget_usd, period: body.budget_period }
    : { usd: body.budget_usd };
}
