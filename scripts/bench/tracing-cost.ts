// Tracing cost: two llm-proxy servers on one mock, one with traces off and one tracing every
// request (headers and bodies) into sqlite, compared in alternating rounds; then the traces the
// second one wrote are counted, to show that tracing really ran.

import { join } from "node:path";
import {
  type AbDifference,
  type AbRoundSizes,
  type AbServer,
  type AbSideFigures,
  compareServers,
} from "./ab-compare.ts";
import { progress } from "./progress.ts";
import { writeTracingConfig } from "./scenario-configs.ts";
import { startCheckedServer, withServerPair } from "./server-pair.ts";
import { countTraces } from "./trace-count.ts";
import type { Outcome, Profile, WrkRun } from "./types.ts";

/** The comparison with its sides named by tracing; on is the variant. */
export type TracingCostFigures = AbRoundSizes & {
  off: AbSideFigures;
  on: AbSideFigures;
} & AbDifference & {
    /** Rows in the traces-on server's trace table, counted after it stopped (and flushed). */
    tracesWritten: number;
  };

type Traces = "off" | "on";

const scenario = "tracing cost";

export async function measureTracingCost(
  mockOrigin: string,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<TracingCostFigures> {
  const stores: Record<Traces, string> = {
    off: join(dir, "traces-off.db"),
    on: join(dir, "traces-on.db"),
  };
  const start = {
    a: () => startServer("off", mockOrigin, stores.off, dir),
    b: () => startServer("on", mockOrigin, stores.on, dir),
  };
  const { a, b, ...rest } = await withServerPair(start, (pair) =>
    compareServers(scenario, pair, wrk, profile, dir),
  );
  const tracesWritten = countTraces(stores.on);
  if (tracesWritten === 0) {
    throw new Error(`llm-proxy with traces on wrote no traces to ${stores.on}`);
  }
  progress(`${scenario}: llm-proxy with traces on wrote ${tracesWritten} traces`);
  const { wrkRoundSeconds, latencyRoundRequests, ...difference } = rest;
  return { wrkRoundSeconds, latencyRoundRequests, off: a, on: b, ...difference, tracesWritten };
}

// --- internal ---

async function startServer(
  traces: Traces,
  mockOrigin: string,
  storePath: string,
  dir: string,
): Promise<AbServer> {
  const configPath = await writeTracingConfig(dir, mockOrigin, traces, storePath);
  return await startCheckedServer({
    scenario,
    label: `traces ${traces}`,
    processName: `llm-proxy-traces-${traces}`,
    configPath,
    logDir: dir,
  });
}
