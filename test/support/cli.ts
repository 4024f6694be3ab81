// Runs the real CLI (`bun src/cli/index.ts ...`) as a child process for end-to-end tests.

import { resolve } from "node:path";

const entry = resolve(import.meta.dir, "../../src/cli/index.ts");

export type CliResult = { exitCode: number; stdout: string; stderr: string };

export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliResult> {
  const proc = Bun.spawn([process.execPath, entry, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    cwd,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { exitCode, stdout, stderr };
}

export type RunningCli = {
  origin: string;
  /** PID of the spawned `serve`: the process that serves (it execs itself in place). */
  pid: number;
  stderr(): string;
  signal(name: NodeJS.Signals): void;
  exited: Promise<number>;
  /** Resolves with stderr so far once it matches `pattern` (checked as each chunk arrives). */
  waitForStderr(pattern: RegExp): Promise<string>;
  /** Resolves with all of stderr once the process holding it is gone. */
  stderrClosed: Promise<string>;
  [Symbol.asyncDispose](): Promise<void>;
};

/** Starts `serve` and resolves once it logs its listening address. */
export async function startServe(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunningCli> {
  const proc = Bun.spawn([process.execPath, entry, "serve", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let stderrText = "";
  let markClosed: (text: string) => void = () => {};
  let stderrWaiters: { pattern: RegExp; resolve: (text: string) => void }[] = [];
  const checkWaiters = () => {
    stderrWaiters = stderrWaiters.filter((waiter) => {
      if (!waiter.pattern.test(stderrText)) return true;
      waiter.resolve(stderrText);
      return false;
    });
  };
  const stderrClosed = new Promise<string>((resolve) => {
    markClosed = resolve;
  });
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    const decoder = new TextDecoder();
    const pump = async () => {
      for await (const chunk of proc.stderr) {
        stderrText += decoder.decode(chunk);
        checkWaiters();
        const match = /listening on (http:\/\/[0-9.:]+)/.exec(stderrText);
        if (match?.[1]) resolveOrigin(match[1]);
      }
      markClosed(stderrText);
      reject(new Error(`serve exited before listening:\n${stderrText}`));
    };
    void pump();
  });
  return {
    origin,
    pid: proc.pid,
    stderr: () => stderrText,
    signal: (name) => proc.kill(name),
    exited: proc.exited,
    stderrClosed,
    waitForStderr: (pattern) =>
      new Promise<string>((resolve) => {
        stderrWaiters.push({ pattern, resolve });
        checkWaiters();
      }),
    [Symbol.asyncDispose]: async () => {
      proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}
