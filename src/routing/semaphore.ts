// A counting semaphore with a FIFO wait line, wait timeouts, abort and a bound on waiters.
// Used for per-provider max_concurrent slots and for the global admission queue.

export type Permit = {
  /** Gives the slot back (to the longest waiter first). Safe to call more than once. */
  release(): void;
};

type AcquireResult =
  | { ok: true; permit: Permit }
  | { ok: false; reason: "timeout" | "full" | "aborted" };

export type Semaphore = {
  /** Waits up to `waitMs` (0: not at all) for a slot, in arrival order. */
  acquire(waitMs: number, signal?: AbortSignal): Promise<AcquireResult> | AcquireResult;
  /** Takes a slot only if one is free right now. */
  tryAcquire(): Permit | undefined;
  inUse(): number;
  waiting(): number;
  readonly capacity: number;
  /** A reload's new limits: more slots go to waiters at once; fewer take effect as slots free. */
  resize(capacity: number, maxWaiting?: number): void;
};

export type SemaphoreOptions = {
  capacity: number;
  /** Waiters beyond this are refused at once with "full". Default: unbounded. */
  maxWaiting?: number;
};

export function createSemaphore(options: SemaphoreOptions): Semaphore {
  let capacity = options.capacity;
  let maxWaiting = options.maxWaiting ?? Number.POSITIVE_INFINITY;
  let used = 0;
  const line: Waiter[] = [];

  const makePermit = (): Permit => {
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        handOver();
      },
    };
  };

  // A freed slot goes straight to the first waiter, so `used` only drops when nobody waits
  // (or when a smaller capacity is still being reached).
  const handOver = (): void => {
    const next = used <= capacity ? line.shift() : undefined;
    if (next) next.grant(makePermit());
    else used--;
  };

  const tryAcquire = (): Permit | undefined => {
    if (used >= capacity) return undefined;
    used++;
    return makePermit();
  };

  return {
    get capacity() {
      return capacity;
    },
    resize(nextCapacity, nextMaxWaiting) {
      capacity = nextCapacity;
      maxWaiting = nextMaxWaiting ?? Number.POSITIVE_INFINITY;
      while (used < capacity && line.length > 0) {
        used++;
        line.shift()?.grant(makePermit());
      }
    },
    tryAcquire,
    acquire(waitMs, signal) {
      const permit = tryAcquire();
      if (permit) return { ok: true, permit };
      if (signal?.aborted) return { ok: false, reason: "aborted" };
      if (waitMs <= 0) return { ok: false, reason: "timeout" };
      if (line.length >= maxWaiting) return { ok: false, reason: "full" };
      return new Promise<AcquireResult>((resolve) => {
        const waiter: Waiter = {
          grant: (granted) => {
            settle();
            resolve({ ok: true, permit: granted });
          },
        };
        const leave = (reason: "timeout" | "aborted") => {
          const index = line.indexOf(waiter);
          if (index !== -1) line.splice(index, 1);
          settle();
          resolve({ ok: false, reason });
        };
        const timer = setTimeout(() => leave("timeout"), waitMs);
        const onAbort = () => leave("aborted");
        signal?.addEventListener("abort", onAbort, { once: true });
        const settle = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
        line.push(waiter);
      });
    },
    inUse: () => used,
    waiting: () => line.length,
  };
}

// --- internal ---

type Waiter = { grant(permit: Permit): void };
