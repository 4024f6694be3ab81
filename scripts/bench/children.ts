// Spawns the bench's child processes, pinned to a core, and makes sure every one of them ends.

import { join } from "node:path";
import type { Subprocess } from "bun";

type Core = 0 | 1;

export type ServerProcess = {
  name: string;
  proc: Subprocess;
  stdoutPath: string;
  stderrPath: string;
};

export type Finished = { exitCode: number; stdout: string; stderr: string };

type Tracked = { name: string; proc: Subprocess };

const tracked = new Set<Tracked>();
const stopWaitMs = 3_000;
let taskset: string | undefined;
/** Set by stopAll: nothing new may start while (or after) everything is being stopped. */
let closed = false;

/** Without taskset every process runs unpinned. */
export function usePinning(tasksetPath: string | undefined): void {
  taskset = tasksetPath;
}

export function pinned(core: Core, argv: readonly string[]): string[] {
  return taskset === undefined ? [...argv] : [taskset, "-c", String(core), ...argv];
}

/**
 * A long-running server; its output goes to files so that no unread pipe can fill and stall it.
 * Gateways run on core 0; the mock upstream runs on core 1, beside the load.
 */
export function spawnServer(
  name: string,
  argv: readonly string[],
  logDir: string,
  options: { env?: Record<string, string>; core?: Core } = {},
): ServerProcess {
  refuseIfClosed(name);
  const stdoutPath = join(logDir, `${name}.out.log`);
  const stderrPath = join(logDir, `${name}.err.log`);
  const env = options.env ?? {};
  const proc = Bun.spawn(pinned(options.core ?? 0, argv), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: Bun.file(stdoutPath),
    stderr: Bun.file(stderrPath),
  });
  tracked.add({ name, proc });
  return { name, proc, stdoutPath, stderrPath };
}

/** A load generator on core 1: runs to its end; its stdout is the result. */
export async function runLoad(
  name: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): Promise<Finished> {
  refuseIfClosed(name);
  const proc = Bun.spawn(pinned(1, argv), {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const entry = { name, proc };
  tracked.add(entry);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { exitCode, stdout, stderr };
  } finally {
    tracked.delete(entry);
  }
}

/** Ends one server before the bench is over: SIGTERM, a little wait, then SIGKILL. */
export async function stopServer(server: ServerProcess): Promise<void> {
  const { proc } = server;
  if (isRunning(proc)) proc.kill("SIGTERM");
  await Promise.race([proc.exited, Bun.sleep(stopWaitMs)]);
  if (isRunning(proc)) proc.kill("SIGKILL");
  await proc.exited;
  for (const entry of tracked) if (entry.proc === proc) tracked.delete(entry);
}

/** SIGTERM everything, wait a little, then SIGKILL whatever is left. */
export async function stopAll(): Promise<void> {
  closed = true;
  const procs = [...tracked].reverse().map((entry) => entry.proc);
  for (const proc of procs) proc.kill("SIGTERM");
  await Promise.race([Promise.all(procs.map((proc) => proc.exited)), Bun.sleep(stopWaitMs)]);
  for (const proc of procs) if (isRunning(proc)) proc.kill("SIGKILL");
  tracked.clear();
}

/** Last resort from an exit handler, which cannot wait. */
export function killAllNow(): void {
  for (const { proc } of tracked) if (isRunning(proc)) proc.kill("SIGKILL");
}

export const repoRoot = join(import.meta.dir, "..", "..");

// --- internal ---

function refuseIfClosed(name: string): void {
  if (closed) throw new Error(`not starting ${name}: the bench is stopping`);
}

function isRunning(proc: Subprocess): boolean {
  return proc.exitCode === null && proc.signalCode === null;
}
