// Samples the servers' memory from /proc while the bench runs: peak RSS overall and per phase.

import { readStatusKb } from "./proc.ts";

export type MemoryFigures = {
  /** VmHWM: the kernel's own peak resident set over the process's whole life. */
  peakMiB: number;
  /** Highest sampled VmRSS since the last markPhase(), or undefined before any phase. */
  phasePeakMiB: number | undefined;
};

export type RssSampler = {
  watch(name: string, pid: number): void;
  /** Starts a new phase: its sampled peak is reported apart from the whole run's. */
  markPhase(): void;
  read(name: string): MemoryFigures | undefined;
  stop(): void;
};

const intervalMs = 50;

export function startRssSampler(): RssSampler {
  const watched = new Map<string, { pid: number; hwmKb: number; phaseKb?: number }>();
  let inPhase = false;
  const sample = (): void => {
    for (const entry of watched.values()) {
      entry.hwmKb = Math.max(entry.hwmKb, readStatusKb(entry.pid, "VmHWM") ?? 0);
      if (inPhase)
        entry.phaseKb = Math.max(entry.phaseKb ?? 0, readStatusKb(entry.pid, "VmRSS") ?? 0);
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    watch: (name, pid) => void watched.set(name, { pid, hwmKb: 0 }),
    markPhase() {
      sample();
      inPhase = true;
      for (const entry of watched.values()) entry.phaseKb = undefined;
    },
    read(name) {
      sample();
      const entry = watched.get(name);
      if (entry === undefined || entry.hwmKb === 0) return undefined;
      const phase = entry.phaseKb;
      return {
        peakMiB: entry.hwmKb / 1024,
        phasePeakMiB: phase === undefined ? undefined : phase / 1024,
      };
    },
    stop: () => clearInterval(timer),
  };
}
