// Auth: client tokens (format, hashing, checks, limits), budgets (periods, the ledger) and
// project/token administration.

export {
  type Authenticator,
  type Caller,
  createAuthenticator,
  type Forget,
} from "./authenticator.ts";
export { type BudgetInput, isBudgetPeriod, isBudgetUsd } from "./budget-input.ts";
export {
  type BudgetAlert,
  type BudgetLedger,
  type BudgetLedgerOptions,
  type BudgetScope,
  type BudgetStatus,
  createBudgetLedger,
  type Reservation,
  type ReserveResult,
} from "./budget-ledger.ts";
export { type BudgetWindow, budgetWindow, secondsUntilReset } from "./budget-period.ts";
export type { BudgetRefusal } from "./budget-refusal.ts";
export { budgetScopesOf } from "./budget-scopes.ts";
export {
  type CreatedToken,
  createManagement,
  type Management,
  type ManagementChange,
  type ProjectOptions,
  type ProjectUpdate,
  type TokenOptions,
  toSharedEvent,
} from "./management.ts";
export { createSharedBudgetLedger } from "./shared-budget-ledger.ts";
export { createSharedLimits, sharedStateUnavailable } from "./shared-limits.ts";
export { createLocalLimits, type TokenLimits } from "./token-limits.ts";
export {
  generateClientToken,
  hashClientToken,
  looksLikeClientToken,
  tokenPrefix,
} from "./token-secret.ts";
export { type ProjectView, type TokenView, toProjectView, toTokenView } from "./views.ts";
