// Gets the bench ready: tools found or installed, the three servers started and each checked.

import { usePinning } from "./children.ts";
import { type RunningMock, startMock } from "./mock.ts";
import { startNginx } from "./nginx.ts";
import type { Profile } from "./options.ts";
import type { Endpoints } from "./phases.ts";
import { describeError, progress } from "./progress.ts";
import { type RunningProxy, startProxy } from "./proxy.ts";
import { type Outcome, type TargetKey, targetKeys, targetLabels } from "./results.ts";
import { ensureTool, findTool, type Tool } from "./tools.ts";
import { findSampleDefect } from "./verify.ts";
import { type WrkRun, writeWrkScript } from "./wrk.ts";

export type Tools = { pinned: boolean; wrk: Tool; nginx: Tool };

export type Servers = {
  mock: RunningMock;
  proxy: RunningProxy;
  nginx: Outcome<{ origin: string; pid: number }>;
};

export async function prepareTools(): Promise<Tools> {
  const taskset = findTool("taskset");
  if (!taskset) progress("taskset not found: every process runs unpinned");
  usePinning(taskset);
  const wrk = await ensureTool("wrk", "wrk");
  if (!wrk.ok) progress(`${wrk.why}: the throughput rows will be n/a`);
  const nginx = await ensureTool("nginx", "nginx-light");
  if (!nginx.ok) progress(`${nginx.why}: the nginx column will be n/a`);
  return { pinned: taskset !== undefined, wrk, nginx };
}

export async function startServers(tools: Tools, workDir: string): Promise<Servers> {
  progress("starting the mock upstream ...");
  const mock = await startMock(workDir);
  progress(`mock upstream on ${mock.origin}; starting llm-proxy ...`);
  const proxy = await startProxy(mock.origin, workDir);
  const relaunch = proxy.relaunched ? `, serving from relaunched pid ${proxy.serverPid}` : "";
  progress(`llm-proxy (${proxy.command}) on ${proxy.origin}${relaunch}`);
  return { mock, proxy, nginx: await startNginxIfPresent(tools.nginx, mock.port, workDir) };
}

/** Every target answers one sample request correctly, or is left out with the reason. */
export async function checkEndpoints(servers: Servers): Promise<Endpoints> {
  const origins: Record<TargetKey, Outcome<string>> = {
    direct: { ok: true, value: servers.mock.origin },
    nginx: servers.nginx.ok ? { ok: true, value: servers.nginx.value.origin } : servers.nginx,
    proxy: { ok: true, value: servers.proxy.origin },
  };
  const endpoints = { ...origins };
  for (const key of targetKeys) {
    const origin = origins[key];
    if (!origin.ok) continue;
    const defect = await findSampleDefect(origin.value);
    if (defect === undefined) {
      progress(`sample request through ${targetLabels[key]}: 200`);
    } else {
      progress(`sample request through ${targetLabels[key]} failed: ${defect}`);
      endpoints[key] = { ok: false, why: "sample request failed", detail: defect };
    }
  }
  return endpoints;
}

export async function prepareWrk(
  tools: Tools,
  profile: Profile,
  workDir: string,
): Promise<Outcome<WrkRun>> {
  if (!tools.wrk.ok) return tools.wrk;
  const luaPath = await writeWrkScript(workDir);
  const run = { wrkPath: tools.wrk.path, luaPath, connections: profile.wrkConnections };
  return { ok: true, value: run };
}

// --- internal ---

async function startNginxIfPresent(
  nginx: Tool,
  mockPort: number,
  workDir: string,
): Promise<Servers["nginx"]> {
  if (!nginx.ok) return nginx;
  progress("starting nginx ...");
  try {
    const running = await startNginx(nginx.path, mockPort, workDir);
    progress(`nginx on ${running.origin}`);
    return { ok: true, value: { origin: running.origin, pid: running.pid } };
  } catch (error: unknown) {
    progress(`nginx did not start: ${describeError(error)}`);
    return { ok: false, why: "nginx did not start", detail: describeError(error) };
  }
}
