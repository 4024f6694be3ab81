// Auth: client tokens (format, hashing, checks, limits), budgets (periods, the ledger) and
// project/token administration.

export { type Authenticator, createAuthenticator } from "./authenticator.ts";
export type { BudgetAlert, BudgetStatus } from "./budget-figures.ts";
export { type BudgetInput, isBudgetPeriod, isBudgetUsd } from "./budget-input.ts";
export { type BudgetLedger, createBudgetLedger, type Reservation } from "./budget-ledger.ts";
export { budgetWindow, secondsUntilReset } from "./budget-period.ts";
export { budgetScopesOf } from "./budget-scopes.ts";
export {
  createManagement,
  type Management,
  type ManagementChange,
  toSharedEvent,
} from "./management.ts";
export { createSharedBudgetLedger } from "./shared-budget-ledger.ts";
export { createSharedLimits } from "./shared-limits.ts";
export { createLocalLimits } from "./token-limits.ts";
export type { Caller } from "./token-rows.ts";
export { hashClientToken } from "./token-secret.ts";
export { type ProjectView, type TokenView, toProjectView } from "./views.ts";
