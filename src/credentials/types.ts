// The credential pool contract: what upstream/ asks for before each attempt and reports after it.

import type { Clock } from "../shared/index.ts";

export type CredentialOutcome =
  /** Not the credential's fault; `status` is the upstream's answer when there was one. */
  | { kind: "ok"; status?: number }
  /** The upstream answered 401/403 with this credential. */
  | { kind: "auth_failed" }
  /** The upstream answered 429; cool down for retryAfterMs (default 30 s). */
  | { kind: "rate_limited"; retryAfterMs?: number };

export type CredentialLease = {
  /** Safe label: "key-1", "key-2" … for keys; the secrets.json `name` for flow; "jwt"; "oauth2". Never a secret. */
  name: string;
  /** Puts the credential on the outgoing upstream headers. */
  apply(headers: Headers): void;
  /** Called once when the attempt is over; undefined when the client went away (counts nothing). */
  report(outcome: CredentialOutcome | undefined): void;
};

export type CredentialSnapshot = {
  name: string;
  state: "ok" | "benched" | "cooling_down";
  requests: number;
  /** Auth failures plus rate limits. */
  failures: number;
  /** ISO timestamp, or null when not cooling down. */
  cooling_down_until: string | null;
};

export type CredentialPool = {
  /**
   * Next usable credential, round-robin per call, skipping benched and cooling ones and names in
   * `exclude` (already tried in this request); undefined when none is usable. May sign a JWT or
   * fetch an OAuth2 token, and throws ProxyError("upstream_error") with a secret-free message
   * when it cannot obtain one. With `panic` (every candidate is out), a credential that is only
   * cooling down is lent too: the one whose cooldown ends first.
   */
  acquire(
    exclude: ReadonlySet<string>,
    options?: { panic: boolean },
  ): Promise<CredentialLease | undefined>;
  /** Whether some credential is neither benched nor cooling down. */
  hasUsable(): boolean;
  snapshot(): CredentialSnapshot[];
  /** Un-benches every credential (admin action). */
  reset(): void;
  /** What each credential has learnt, by fingerprint: a reload's new pool starts from it. */
  memories(): ReadonlyMap<string, CredentialMemory>;
};

type CredentialMemory = {
  benched: boolean;
  coolingUntilMs: number;
  requests: number;
  failures: number;
};

export type CredentialDeps = {
  fetch: typeof fetch;
  clock: Clock;
  /** How a plain key goes on the wire for this provider kind (Bearer / x-api-key / api-key). */
  applyKey: (headers: Headers, secret: string) => void;
};
