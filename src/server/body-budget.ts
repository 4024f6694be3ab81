// Bounds the bytes of request bodies being read at once (server.max_body_in_flight), so many
// slow uploads cannot hold the process's memory; a body that does not fit is refused at once.

export type BodyBudget = {
  /** Takes `bytes` of the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  inUse(): number;
  /** A reload's new bound; bodies already being read keep what they took. */
  resize(maxBytes: number): void;
};

export function createBodyBudget(initialMaxBytes: number): BodyBudget {
  let maxBytes = initialMaxBytes;
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > maxBytes) return false;
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
