// Starts the two servers of an A/B comparison, each checked with a sample request, and stops them
// again, whatever happens in between.

import type { AbPair, AbServer } from "./ab-compare.ts";
import type { Side } from "./ab-rounds.ts";
import { stopServer } from "./children.ts";
import { progress } from "./progress.ts";
import { startConfiguredProxy } from "./proxy.ts";
import { verifySample } from "./verify.ts";

type ServerSpec = {
  /** Prefixes the progress line, e.g. "token check". */
  scenario: string;
  /** The side's label, e.g. "auth none". */
  label: string;
  /** Names the process and its log files. */
  processName: string;
  configPath: string;
  logDir: string;
  token?: string | undefined;
  /** Request headers every measured request of this side sends. */
  headers?: Readonly<Record<string, string>> | undefined;
};

/** Starts a, then b, hands both to `use`, and stops every server that started. */
export async function withServerPair<T>(
  start: Record<Side, () => Promise<AbServer>>,
  use: (pair: AbPair) => Promise<T>,
): Promise<T> {
  const started: AbServer[] = [];
  try {
    const a = await start.a();
    started.push(a);
    const b = await start.b();
    started.push(b);
    return await use({ a, b });
  } finally {
    for (const server of started) await stopServer(server.proxy.server);
  }
}

/** `serve -c` with the spec's config; stopped again when it does not answer a sample request. */
export async function startCheckedServer(spec: ServerSpec): Promise<AbServer> {
  const proxy = await startConfiguredProxy(spec.processName, spec.configPath, spec.logDir);
  try {
    // with the side's own headers, so the sample counts like every measured request
    await verifySample(`llm-proxy with ${spec.label}`, proxy.origin, spec.token, spec.headers);
  } catch (error: unknown) {
    await stopServer(proxy.server);
    throw error;
  }
  progress(`${spec.scenario}: llm-proxy with ${spec.label} on ${proxy.origin}`);
  return { label: spec.label, proxy, token: spec.token, headers: spec.headers };
}
