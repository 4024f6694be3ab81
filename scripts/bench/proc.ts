// Reads Linux /proc: memory fields of a process, its children, and its start time (its identity).

import { readdirSync, readFileSync } from "node:fs";

/** A field of /proc/<pid>/status in kB (VmHWM is the peak RSS so far), or undefined when gone. */
export function readStatusKb(pid: number, field: "VmHWM" | "VmRSS"): number | undefined {
  const status = readOrUndefined(`/proc/${pid}/status`);
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Direct children across all threads: Bun may fork from any of them. */
export function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const task of tasks) {
    const listed = readOrUndefined(`/proc/${pid}/task/${task}/children`) ?? "";
    for (const word of listed.split(/\s+/)) if (word !== "") pids.add(Number(word));
  }
  return [...pids];
}

/** Clock ticks since boot when the process started; with the pid it names one process for good. */
export function startTime(pid: number): number | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // fields after the parenthesised command name, which may itself hold spaces
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = fields[19];
  return ticks === undefined ? undefined : Number(ticks);
}

// --- internal ---

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
