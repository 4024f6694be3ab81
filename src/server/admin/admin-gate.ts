// The one gate in front of /admin/*, /config and /ui data: the admin key, compared in constant
// time, and a throttle on wrong keys per client address (after 20 failures in a minute, 429 with
// retry-after for that address), logged at warn once per window with a count.

import type { Logger } from "../../observability/index.ts";
import { type Clock, ProxyError } from "../../shared/index.ts";
import type { AddressResolver, PeerLookup } from "../client-address.ts";
import { presentsAdminKey } from "./admin-key.ts";

export type AdminGate = {
  /** Throws invalid_api_key for a wrong key, rate_limited for an address that guessed too much. */
  require(request: Request, peer: PeerLookup | undefined, what: string): void;
  close(): void;
};

export type AdminGateOptions = {
  adminKey: string;
  resolveAddress: AddressResolver;
  clock: Clock;
  logger: Logger;
  maxFailures?: number;
  windowMs?: number;
};

/** Addresses remembered at once; a flood of new ones starts over rather than grow memory. */
const maxTracked = 10_000;

export function createAdminGate(options: AdminGateOptions): AdminGate {
  const { clock, logger } = options;
  const maxFailures = options.maxFailures ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  let windowStart = clock.now();
  let failures = new Map<string, number>();
  const roll = (now: number) => {
    if (now - windowStart < windowMs) return;
    for (const [address, count] of failures) {
      logger.warn(`${count} wrong admin key(s) from ${address} in the last ${windowMs / 1000}s`);
    }
    failures = new Map();
    windowStart = now - ((now - windowStart) % windowMs);
  };
  const timer = setInterval(() => roll(clock.now()), windowMs);
  timer.unref();
  return {
    require(request, peer, what) {
      const now = clock.now();
      roll(now);
      const address = options.resolveAddress(request, peer);
      const failed = failures.get(address) ?? 0;
      if (failed >= maxFailures) throw throttled(windowStart + windowMs - now);
      if (presentsAdminKey(request, options.adminKey)) return;
      if (failures.size >= maxTracked) failures.clear();
      failures.set(address, failed + 1);
      throw new ProxyError(
        "invalid_api_key",
        `${what} requires the admin key (Authorization: Bearer <auth.admin_key>)`,
      );
    },
    close: () => clearInterval(timer),
  };
}

// --- internal ---

function throttled(retryInMs: number): ProxyError {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return new ProxyError(
    "rate_limited",
    `too many wrong admin keys from this address; retry in ${seconds}s`,
    { headers: { "retry-after": String(seconds) } },
  );
}
