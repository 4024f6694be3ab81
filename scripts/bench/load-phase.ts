// S1, S2 and S4: wrk at c=64 through one target with one kind of request, and the CPU time the
// target's processes spent over the measured run.

import type { RequestShape } from "./chat-request.ts";
import { count } from "./format.ts";
import { cpuSeconds } from "./proc.ts";
import { progress } from "./progress.ts";
import type { LoadFigures, Outcome, Profile, RunningTarget, WrkRun } from "./types.ts";
import { runWrk, writeWrkScript } from "./wrk.ts";

export type LoadEnv = {
  profile: Profile;
  wrk: Outcome<WrkRun>;
  dir: string;
  /** USER_HZ, for /proc's CPU times. */
  ticksPerSecond: number;
};

export async function measureLoad(
  target: RunningTarget,
  shape: RequestShape,
  env: LoadEnv,
): Promise<Outcome<LoadFigures>> {
  if (!env.wrk.ok) return env.wrk;
  const { profile } = env;
  const luaPath = await writeWrkScript(env.dir, { ...shape, token: target.token });
  await runWrk(env.wrk.value, luaPath, target.origin, profile.wrkWarmupSeconds);
  const before = cpuSeconds(target.pids, env.ticksPerSecond);
  const figures = await runWrk(env.wrk.value, luaPath, target.origin, profile.wrkSeconds);
  const after = cpuSeconds(target.pids, env.ticksPerSecond);
  if (figures.badStatus > 0 || figures.socketErrors > 0) {
    progress(
      `  wrk saw ${figures.badStatus} non-2xx answers, ${figures.socketErrors} socket errors`,
    );
  }
  const cpuPerRequestUs =
    before === undefined || after === undefined || figures.requests === 0
      ? undefined
      : ((after - before) * 1e6) / figures.requests;
  const mibPerSec = figures.bytesRead / (1024 * 1024) / figures.seconds;
  const cpu =
    cpuPerRequestUs === undefined ? "" : `, ${Math.round(cpuPerRequestUs)} µs CPU per request`;
  progress(`  ${count(figures.requestsPerSec)} req/s, ${count(mibPerSec)} MiB/s${cpu}`);
  return { ok: true, value: { ...figures, mibPerSec, cpuPerRequestUs } };
}
