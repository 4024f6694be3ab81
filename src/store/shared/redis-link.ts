// The one Redis connection of the shared state (shared.redis), with what Bun's RedisClient does
// not give: a deadline on every call (a frozen Redis hangs commands), failing at once while Redis
// is known to be away, a probe that notices when it is back (reconnecting a client that gave
// up), and one notice per change of availability.

import { RedisClient } from "bun";
import { type Clock, DeadlineError, withDeadline } from "../../shared/index.ts";
import type { StoreCheck } from "../store-check.ts";

/** Redis is unreachable (or did not answer in time): the caller decides what that means. */
export class SharedStateError extends Error {
  override name = "SharedStateError";
  /** Whether the command may have reached Redis (and run, its reply lost); false: never sent. */
  readonly sent: boolean;
  constructor(message: string, options: { sent: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.sent = options.sent;
  }
}

export type RedisLink = {
  /** One command under the deadline; a SharedStateError while Redis is away. */
  call<T>(what: string, command: (client: RedisClient) => Promise<T>): Promise<T>;
  /** Whether the last call (or probe) reached Redis. */
  up(): boolean;
  /** PING under the deadline, for /ready (it does not fail fast while Redis is away). */
  check(): Promise<StoreCheck>;
  /** Called on each change: down with the reason, up once a probe answers again. */
  onChange(listener: (up: boolean, detail: string) => void): void;
  /** A second connection, for pub/sub (a subscribed connection serves nothing else). */
  duplicate(): Promise<RedisClient>;
  /** Any other work on Redis (the pub/sub connection's), under the same deadline. */
  bounded<T>(what: string, work: Promise<T>): Promise<T>;
  close(): void;
};

export type RedisLinkOptions = {
  url: string;
  /** Deadline of each call. */
  timeoutMs: number;
  clock: Clock;
  /** How often a probe checks whether Redis is back (default 250 ms). */
  probeEveryMs?: number;
  /** How often an idle link PINGs, so an outage is noticed without traffic (default 1 s). */
  heartbeatEveryMs?: number;
};

export function createRedisLink(options: RedisLinkOptions): RedisLink {
  const { timeoutMs } = options;
  // no offline queue and no retries of Bun's own: a command fails at once while disconnected,
  // and this link reconnects (Bun's client stays dead after it gives up)
  const client = new RedisClient(options.url, {
    enableOfflineQueue: false,
    maxRetries: 0,
    connectionTimeout: Math.max(timeoutMs, 1_000),
  });
  const listeners: ((up: boolean, detail: string) => void)[] = [];
  let state: "starting" | "up" | "down" = "starting";
  let closed = false;
  let busy = false;
  let lastBeatAt = options.clock.monotonic();
  const notify = (up: boolean, detail: string) => {
    for (const listener of listeners) listener(up, detail);
  };
  const markDown = (error: unknown): void => {
    if (closed || state === "down") return;
    state = "down";
    notify(false, describe(error));
  };
  const reach = async (): Promise<void> => {
    if (!client.connected) {
      // dropped while idle (a restart between beats): an outage all the same, subscriptions lost
      if (state === "up") markDown(new Error("the connection was lost"));
      await withDeadline(client.connect(), timeoutMs, "connect");
    }
    await withDeadline(client.send("PING", []), timeoutMs, "PING");
  };
  /** A PING that reached Redis (a probe, a beat, /ready) ends an outage. */
  const probeOnce = async (): Promise<StoreCheck> => {
    try {
      await reach();
      const wasDown = state === "down";
      state = "up";
      if (wasDown) notify(true, "Redis answers again");
      return { ok: true };
    } catch (error: unknown) {
      markDown(error);
      return { ok: false, error: describe(error) };
    }
  };
  let first: Promise<void> | undefined = reach().then(
    () => {
      if (state === "starting") state = "up";
    },
    (error: unknown) => markDown(error),
  );
  // one timer: while Redis is away it probes often; while it answers, an idle link beats
  const tick = async (): Promise<void> => {
    const now = options.clock.monotonic();
    if (busy || closed || state === "starting") return;
    if (state === "up" && now - lastBeatAt < (options.heartbeatEveryMs ?? 1_000)) return;
    busy = true;
    lastBeatAt = now;
    try {
      await probeOnce();
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.probeEveryMs ?? 250);
  timer.unref();

  const call = async <T>(what: string, command: (c: RedisClient) => Promise<T>): Promise<T> => {
    if (closed) throw new SharedStateError("the shared state is closed", { sent: false });
    if (state === "down") {
      throw new SharedStateError(`Redis is unreachable (${what} not sent)`, { sent: false });
    }
    let sent = false;
    try {
      if (first) await withDeadline(first, timeoutMs, "the first connect");
      first = undefined;
      // disconnected, Bun fails the command at once without sending it (no offline queue)
      sent = client.connected;
      const result = await withDeadline(command(client), timeoutMs, what);
      lastBeatAt = options.clock.monotonic();
      return result;
    } catch (error: unknown) {
      if (!isOutage(error)) throw error;
      markDown(error);
      const why = `Redis ${what} failed: ${describe(error)}`;
      throw new SharedStateError(why, { cause: error, sent });
    }
  };
  return {
    call,
    up: () => state !== "down",
    check: probeOnce,
    onChange(listener) {
      listeners.push(listener);
    },
    duplicate: () => withDeadline(client.duplicate(), timeoutMs, "a second connection"),
    bounded: (what, work) => withDeadline(work, timeoutMs, what),
    close() {
      closed = true;
      clearInterval(timer);
      client.close();
    },
  };
}

// --- internal ---

// Bun's codes for a connection that is closed, could not be made or went quiet
const connectionErrorCodes = new Set([
  "ERR_REDIS_CONNECTION_CLOSED",
  "ERR_REDIS_CONNECTION_TIMEOUT",
  "ERR_REDIS_IDLE_TIMEOUT",
]);

/**
 * Connection trouble, a deadline, or a Redis that cannot serve now. Anything else (a bad
 * command, a script error, a bug of ours) is not an outage and is thrown as it is.
 */
function isOutage(error: unknown): boolean {
  if (error instanceof DeadlineError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && connectionErrorCodes.has(code)) return true;
  return (
    code === "ERR_REDIS_SERVER_ERROR" &&
    /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN)\b/.test(String(message))
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
