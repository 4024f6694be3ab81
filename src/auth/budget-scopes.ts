// The budgets a caller's requests are charged to: its token's and its project's, when set.

import type { BudgetedScope } from "../store/index.ts";
import type { Caller } from "./token-rows.ts";

/** Empty when neither the token nor its project has a budget. */
export function budgetScopesOf(caller: Caller): BudgetedScope[] {
  const scopes: BudgetedScope[] = [];
  const { token, project } = caller;
  if (token.budget)
    scopes.push({ scope: "token", id: token.id, name: token.id, budget: token.budget });
  if (project.budget) {
    scopes.push({ scope: "project", id: project.id, name: project.name, budget: project.budget });
  }
  return scopes;
}
