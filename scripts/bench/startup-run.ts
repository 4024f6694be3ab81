// One start of the compiled binary: the time from exec to the first 200 from /health, and from
// SIGTERM to exit.

import { join } from "node:path";
import { freeLoopbackPort } from "./free-port.ts";

export type StartTiming = { healthMs: number; stopMs: number };

type StartOptions = {
  binary: string;
  configPath: string;
  env: Record<string, string>;
  /** Where the server's output goes (one file per start, overwritten). */
  logDir: string;
};

// Short, so the poll itself adds at most about a millisecond to the figure.
const pollMs = 1;
const giveUpMs = 10_000;
const stopWaitMs = 5_000;

export async function measureStart(options: StartOptions): Promise<StartTiming> {
  const port = freeLoopbackPort();
  const stderrPath = join(options.logDir, "startup.err.log");
  const started = performance.now();
  const proc = Bun.spawn([options.binary, "serve", "-c", options.configPath, "--port", `${port}`], {
    env: options.env,
    stdin: "ignore",
    stdout: "ignore",
    stderr: Bun.file(stderrPath),
  });
  try {
    const healthMs = (await waitForHealth(port, proc, stderrPath)) - started;
    const stopping = performance.now();
    proc.kill("SIGTERM");
    await Promise.race([proc.exited, Bun.sleep(stopWaitMs)]);
    if (proc.exitCode !== 0) throw new Error(`SIGTERM: exit ${proc.exitCode ?? "pending"}`);
    return { healthMs, stopMs: performance.now() - stopping };
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    await proc.exited;
  }
}

// --- internal ---

/** performance.now() at the first 200 from /health. */
async function waitForHealth(
  port: number,
  proc: Bun.Subprocess,
  stderrPath: string,
): Promise<number> {
  const url = `http://127.0.0.1:${port}/health`;
  const deadline = performance.now() + giveUpMs;
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`exited before answering: ${await Bun.file(stderrPath).text()}`);
    }
    await Bun.sleep(pollMs);
  }
  throw new Error(`no 200 from ${url} within ${giveUpMs} ms`);
}
