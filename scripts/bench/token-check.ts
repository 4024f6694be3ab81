// Token check overhead: two llm-proxy servers on one mock, one with auth.mode none and one with
// auth.mode tokens (a client token on every request), compared in alternating rounds.

import { join } from "node:path";
import {
  type AbDifference,
  type AbRoundSizes,
  type AbServer,
  type AbSideFigures,
  compareServers,
} from "./ab-compare.ts";
import { createClientToken } from "./client-token.ts";
import { progress } from "./progress.ts";
import { writeAuthConfig } from "./scenario-configs.ts";
import { startCheckedServer, withServerPair } from "./server-pair.ts";
import type { Outcome, Profile, WrkRun } from "./types.ts";

/** The comparison with its sides named by auth mode; tokens is the variant. */
export type TokenCheckFigures = AbRoundSizes & {
  none: AbSideFigures;
  tokens: AbSideFigures;
} & AbDifference;

const scenario = "token check";

export async function measureTokenCheck(
  mockOrigin: string,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<TokenCheckFigures> {
  const start = {
    a: () => startServer("none", mockOrigin, dir),
    b: () => startServer("tokens", mockOrigin, dir),
  };
  const { a, b, ...rest } = await withServerPair(start, (pair) =>
    compareServers(scenario, pair, wrk, profile, dir),
  );
  const { wrkRoundSeconds, latencyRoundRequests, ...difference } = rest;
  return { wrkRoundSeconds, latencyRoundRequests, none: a, tokens: b, ...difference };
}

// --- internal ---

async function startServer(
  mode: "none" | "tokens",
  mockOrigin: string,
  dir: string,
): Promise<AbServer> {
  const storePath = join(dir, "bench.db");
  const auth = mode === "none" ? { mode } : { mode, storePath };
  const configPath = await writeAuthConfig(dir, mockOrigin, auth);
  const token = mode === "tokens" ? await createClientToken(configPath, "bench") : undefined;
  if (token !== undefined) progress(`${scenario}: created a client token for project bench`);
  return await startCheckedServer({
    scenario,
    label: `auth ${mode}`,
    processName: `llm-proxy-auth-${mode}`,
    configPath,
    logDir: dir,
    token,
  });
}
