// Gets the bench ready: tools found or installed, the mock and every target started, each checked
// with a sample request.

import { messageOf } from "../../src/shared/index.ts";
import { usePinning } from "./children.ts";
import { rssMiB } from "./proc.ts";
import { progress } from "./progress.ts";
import { type TargetContext, type TargetSpec, targets } from "./targets.ts";
import { ensureTool, findTool, type Tool } from "./tools.ts";
import type { Outcome, Profile, RunningTarget, StartedTarget, WrkRun } from "./types.ts";
import { findSampleDefect } from "./verify.ts";

export type Tools = { pinned: boolean; wrk: Tool; nginx: Tool };

export async function prepareTools(): Promise<Tools> {
  const taskset = findTool("taskset");
  if (!taskset) progress("taskset not found: every process runs unpinned");
  usePinning(taskset);
  const wrk = await ensureTool("wrk", "wrk");
  if (!wrk.ok) progress(`${wrk.why}: the wrk rows (S1, S2, S4) will be n/a`);
  const nginx = await ensureTool("nginx", "nginx-light");
  if (!nginx.ok) progress(`${nginx.why}: the nginx column will be n/a`);
  return { pinned: taskset !== undefined, wrk, nginx };
}

/** Every target in list order; one that fails to start or to answer is kept with the reason. */
export async function startTargets(context: TargetContext): Promise<StartedTarget[]> {
  const started: StartedTarget[] = [];
  for (const spec of targets) started.push(await startTarget(spec, context));
  return started;
}

export async function startTarget(
  { start, ...info }: TargetSpec,
  context: TargetContext,
): Promise<StartedTarget> {
  progress(`starting ${info.label} ...`);
  const running = await startAndCheck(info.label, () => start(context));
  const startRssMiB = running.ok ? rssMiB(running.value.pids) : undefined;
  return { ...info, running, startRssMiB };
}

export function prepareWrk(tools: Tools, profile: Profile): Outcome<WrkRun> {
  if (!tools.wrk.ok) return tools.wrk;
  return { ok: true, value: { wrkPath: tools.wrk.path, connections: profile.wrkConnections } };
}

// --- internal ---

async function startAndCheck(
  label: string,
  start: () => Promise<RunningTarget>,
): Promise<Outcome<RunningTarget>> {
  let running: RunningTarget;
  try {
    running = await start();
  } catch (error: unknown) {
    progress(`${label} did not start: ${messageOf(error)}`);
    return { ok: false, why: "did not start", detail: messageOf(error) };
  }
  const defect = await findSampleDefect(running.origin, running.token);
  if (defect !== undefined) {
    progress(`sample request through ${label} failed: ${defect}`);
    return { ok: false, why: "sample request failed", detail: defect };
  }
  progress(`${label} on ${running.origin} (pid ${running.pids.join(", ")}): sample request 200`);
  return { ok: true, value: running };
}
