// The peak RSS of a target's processes over a phase: the kernel's own peak (VmHWM, reset at the
// start), or, where the kernel refuses the reset, the highest VmRSS sampled every 50 ms.

import { peakRssMiB, resetPeakRss, rssMiB } from "./proc.ts";

type PeakWatch = { stop(): number | undefined };

const sampleMs = 50;

export function watchPeakRss(pids: readonly number[]): PeakWatch {
  const exact = resetPeakRss(pids);
  let sampled = rssMiB(pids);
  const timer = setInterval(() => {
    const now = rssMiB(pids);
    if (now !== undefined) sampled = Math.max(sampled ?? 0, now);
  }, sampleMs);
  return {
    stop() {
      clearInterval(timer);
      const peak = exact ? peakRssMiB(pids) : undefined;
      return peak === undefined ? sampled : Math.max(peak, sampled ?? 0);
    },
  };
}
