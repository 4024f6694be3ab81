// Bounds the bytes that requests in flight hold together: bodies being read
// (server.max_body_in_flight) or trace captures (traces.max_capture_in_flight). What does not fit
// is refused at once, so many slow uploads or large streams cannot hold the process's memory.

export type ByteBudget = {
  /** Takes `bytes` of the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  inUse(): number;
  /** A reload's new bound; what is already taken stays taken. */
  resize(maxBytes: number): void;
};

/** `onRefused` is told each time a take does not fit (a metric counts it). */
export function createByteBudget(initialMaxBytes: number, onRefused = () => {}): ByteBudget {
  let maxBytes = initialMaxBytes;
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) {
        onRefused();
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
