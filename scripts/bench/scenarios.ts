// Runs the scenarios after the main phases, each on its own: one failing leaves the others.

import { messageOf } from "../../src/shared/index.ts";
import { measureCacheHit } from "./cache-hit.ts";
import { measureFailover } from "./failover.ts";
import { progress } from "./progress.ts";
import type { ScenarioResults } from "./results.ts";
import { measureScaleOut } from "./scale-out.ts";
import { measureTokenCheck } from "./token-check.ts";
import { measureTracingCost } from "./tracing-cost.ts";
import type { Outcome, Profile, WrkRun } from "./types.ts";

export async function runScenarios(
  profile: Profile,
  mockOrigin: string,
  wrk: Outcome<WrkRun>,
  dir: string,
): Promise<ScenarioResults> {
  progress("scenario: failover under load (3 providers, one fails midway) ...");
  const failover = await attempt("failover", () => measureFailover(profile, dir));
  progress("scenario: token check overhead (auth none vs tokens) ...");
  const tokenCheck = await attempt("token check", () =>
    measureTokenCheck(mockOrigin, wrk, profile, dir),
  );
  progress("scenario: tracing cost (traces off vs on) ...");
  const tracingCost = await attempt("tracing cost", () =>
    measureTracingCost(mockOrigin, wrk, profile, dir),
  );
  progress("scenario: cache hit vs miss ...");
  const cacheHit = await attempt("cache", () => measureCacheHit(mockOrigin, wrk, profile, dir));
  progress("scenario: two instances behind nginx, shared limits vs local ones ...");
  const scaleOut = await attempt("scale-out", () => measureScaleOut(wrk, profile.wrkSeconds, dir));
  return { failover, tokenCheck, tracingCost, cacheHit, scaleOut };
}

// --- internal ---

async function attempt<T>(name: string, measure: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await measure() };
  } catch (error: unknown) {
    progress(`${name} failed: ${messageOf(error)}`);
    return { ok: false, why: "failed", detail: messageOf(error) };
  }
}
