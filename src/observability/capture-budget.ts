// Bounds the bytes that trace and debug captures hold across every request in flight
// (traces.max_capture_in_flight): past it a capture is cut and says so, so a burst of large
// streams cannot hold the process's memory.

export type CaptureBudget = {
  /** Takes `bytes`; false (nothing taken) when they do not fit: the capture is cut there. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  inUse(): number;
  /** A reload's new bound; captures in flight keep what they hold. */
  resize(maxBytes: number): void;
};

export function createCaptureBudget(initialMaxBytes: number, onCut: () => void): CaptureBudget {
  let maxBytes = initialMaxBytes;
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) {
        onCut();
        return false;
      }
      used += bytes;
      return true;
    },
    give(bytes) {
      used = Math.max(0, used - bytes);
    },
    inUse: () => used,
    resize(next) {
      maxBytes = next;
    },
  };
}
