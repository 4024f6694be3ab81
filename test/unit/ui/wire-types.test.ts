// The dashboard keeps its own copy of the admin API's shapes (src/ui/app/types.ts: its tsconfig
// has no Bun types, so it cannot import the server's modules). This file fails `tsc --noEmit`
// when an answer the server sends no longer fits what the dashboard reads.

import { expect, test } from "bun:test";
import type { BudgetStatus, ProjectView, TokenView } from "../../../src/auth/index.ts";
import type { ConfigProblem } from "../../../src/config/index.ts";
import type { CredentialSnapshot } from "../../../src/credentials/index.ts";
import type { ProviderSnapshot } from "../../../src/routing/index.ts";
import type { ReloadOutcome } from "../../../src/server/index.ts";
import type { BudgetPeriod, StatsPoint } from "../../../src/store/index.ts";
import type * as Ui from "../../../src/ui/app/types.ts";

/** true when every value of `Server` is a value of `Dashboard`. */
type Fits<Server, Dashboard> = [Server] extends [Dashboard] ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const fits: true[] = [
  true satisfies Fits<StatsPoint, Ui.StatsPoint>,
  true satisfies Fits<CredentialSnapshot, Ui.CredentialState>,
  true satisfies Fits<ProviderSnapshot & { credentials: CredentialSnapshot[] | null }, Ui.Provider>,
  true satisfies Same<BudgetPeriod, Ui.BudgetPeriod>,
  true satisfies Fits<BudgetStatus, Ui.BudgetStatus>,
  true satisfies Fits<ProjectView & { tokens: number }, Ui.Project>,
  true satisfies Fits<TokenView, Ui.Token>,
  true satisfies Fits<Extract<ReloadOutcome, { ok: true }>["result"], Ui.ReloadResult>,
  true satisfies Same<ConfigProblem, Ui.ConfigProblem>,
];

test("the dashboard's wire types fit the admin API's answers (checked by tsc)", () => {
  expect(fits.every(Boolean)).toBe(true);
});
