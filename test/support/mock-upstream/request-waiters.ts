// Event-driven waits on the mock's state (request counts, aborts): re-checked on notify, never polled.

export type Waiters = {
  /** Resolves once `ready()` holds; `what` names the wait in the error if the mock stops first. */
  until(ready: () => boolean, what: string): Promise<void>;
  /** Re-checks pending waits; call after every state change. */
  notify(): void;
  /** Rejects pending waits, and later ones that are not ready at once. */
  close(reason: string): void;
};

export function createWaiters(): Waiters {
  let closedReason: string | undefined;
  let pending: Waiter[] = [];
  return {
    until(ready, what) {
      if (ready()) return Promise.resolve();
      if (closedReason !== undefined) return Promise.reject(toError(closedReason, what));
      return new Promise((resolve, reject) => pending.push({ ready, what, resolve, reject }));
    },
    notify() {
      if (pending.length === 0) return;
      const still: Waiter[] = [];
      for (const waiter of pending) {
        if (waiter.ready()) waiter.resolve();
        else still.push(waiter);
      }
      pending = still;
    },
    close(reason) {
      closedReason = reason;
      for (const waiter of pending) waiter.reject(toError(reason, waiter.what));
      pending = [];
    },
  };
}

// --- internal ---

type Waiter = {
  ready: () => boolean;
  what: string;
  resolve: () => void;
  reject: (error: Error) => void;
};

function toError(reason: string, what: string): Error {
  return new Error(`${reason} while waiting for ${what}`);
}
