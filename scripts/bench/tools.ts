// Finds the external tools the bench needs and installs a missing one with apt-get.

import { progress } from "./progress.ts";

export type Tool = { ok: true; path: string } | { ok: false; why: string; detail: string };

/** nginx lives in /usr/sbin, which is not on every user's PATH. */
export function findTool(command: string): string | undefined {
  const path = `${process.env.PATH ?? ""}:/usr/local/sbin:/usr/sbin:/sbin`;
  return Bun.which(command, { PATH: path }) ?? undefined;
}

/** The tool on PATH, else apt-get installs `aptPackage` (running apt-get update if needed). */
export async function ensureTool(command: string, aptPackage: string): Promise<Tool> {
  const found = findTool(command);
  if (found) return { ok: true, path: found };
  const why = `${command} not installed`;
  if (!findTool("apt-get")) return { ok: false, why, detail: `${why} and there is no apt-get` };
  progress(`${command} not found: installing it with apt-get install -y ${aptPackage}`);
  let failure = await aptGet(["install", "-y", aptPackage]);
  if (failure !== undefined) {
    progress(`apt-get install failed; running apt-get update and trying again`);
    failure = (await aptGet(["update"])) ?? (await aptGet(["install", "-y", aptPackage]));
  }
  const installed = findTool(command);
  if (failure === undefined && installed) {
    progress(`installed ${aptPackage}`);
    return { ok: true, path: installed };
  }
  const detail = `apt-get install ${aptPackage} failed: ${failure ?? `${command} still not on PATH`}`;
  progress(detail);
  return { ok: false, why, detail };
}

// --- internal ---

/** undefined on success, else the last lines apt-get printed. */
async function aptGet(args: string[]): Promise<string | undefined> {
  const proc = Bun.spawn(["apt-get", ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (exitCode === 0) return undefined;
  const lines = `${stdout}${stderr}`.trim().split("\n").slice(-3).join(" | ");
  return `exit ${exitCode}: ${lines}`;
}
