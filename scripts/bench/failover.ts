// Failover under load: llm-proxy round-robins over three mocks, and one of them is SIGKILLed
// halfway through a constant load.

import { chatPath } from "./chat-request.ts";
import { stopServer } from "./children.ts";
import { analyzeFailover, type FailoverFigures } from "./failover-figures.ts";
import { logFileProblems } from "./log-problems.ts";
import { type RunningMock, startMock } from "./mock.ts";
import { progress } from "./progress.ts";
import { type ConfiguredProxy, startConfiguredProxy } from "./proxy.ts";
import { runLoadClient } from "./run-client.ts";
import { writeFailoverConfig } from "./scenario-configs.ts";
import type { Profile } from "./types.ts";

/** Unrecorded load before the measured span: covers the client's start and warms every server. */
const warmupMs = 1_000;

export async function measureFailover(profile: Profile, dir: string): Promise<FailoverFigures> {
  const mocks: RunningMock[] = [];
  let proxy: ConfiguredProxy | undefined;
  try {
    for (const n of [1, 2, 3]) mocks.push(await startMock(dir, `failover-mock${n}`));
    const victim = mocks[1];
    if (victim === undefined) throw new Error("mock 2 did not start");
    const configPath = await writeFailoverConfig(
      dir,
      mocks.map((mock) => mock.origin),
    );
    proxy = await startConfiguredProxy("failover-llm-proxy", configPath, dir);
    progress(`failover: llm-proxy on ${proxy.origin} over mocks ${mocks.map((m) => m.port)}`);
    const recordFrom = epochMs() + warmupMs;
    const recordUntil = recordFrom + profile.failoverSeconds * 1000;
    progress(
      `failover: ${profile.failoverWorkers} workers for ${profile.failoverSeconds}s,` +
        ` SIGKILL to mock 2 at ${profile.failoverSeconds / 2}s ...`,
    );
    const [load, killedAt] = await Promise.all([
      runLoadClient(`${proxy.origin}${chatPath}`, {
        workers: profile.failoverWorkers,
        recordFrom,
        recordUntil,
      }),
      killAt(victim, (recordFrom + recordUntil) / 2),
    ]);
    const figures = analyzeFailover(load, killedAt, profile.failoverWorkers);
    const { before, after } = figures;
    progress(
      `failover: success ${before.successPercent.toFixed(2)}% before,` +
        ` ${after.successPercent.toFixed(2)}% after the kill`,
    );
    const problems = await logFileProblems(proxy.server.stderrPath);
    return problems === undefined
      ? figures
      : { ...figures, proxyLogProblems: `llm-proxy ${problems}` };
  } finally {
    if (proxy !== undefined) await stopServer(proxy.server);
    for (const mock of mocks) await stopServer(mock.server);
  }
}

// --- internal ---

/** SIGKILL at `when` (epoch ms): a hard failure, connections refused from then on. */
async function killAt(mock: RunningMock, when: number): Promise<number> {
  await Bun.sleep(Math.max(0, when - epochMs()));
  mock.server.proc.kill("SIGKILL");
  const killedAt = epochMs();
  await mock.server.proc.exited;
  return killedAt;
}

/** Wall-clock time with sub-millisecond precision, comparable with the load client's. */
function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
