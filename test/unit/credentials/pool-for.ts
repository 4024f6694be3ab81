// Builds a credential pool from a raw provider entry through the real config parser, with a manual clock.

import { parseConfigObject } from "../../../src/config/index.ts";
import {
  type CredentialLease,
  type CredentialPool,
  createCredentialPool,
} from "../../../src/credentials/index.ts";
import { type ManualClock, manualClock } from "../../support/manual-clock.ts";

export type PoolUnderTest = { pool: CredentialPool; clock: ManualClock };

/** A whole second, so token lifetimes in the tests come out exact. */
export const startMs = 1_700_000_000_000;

export async function poolFor(
  provider: Record<string, unknown>,
  clock = manualClock(startMs),
): Promise<PoolUnderTest> {
  const config = parseConfigObject(
    { providers: [{ name: "p", type: "openai", base_url: "http://127.0.0.1:9/v1", ...provider }] },
    { env: {}, baseDir: "/", source: "test" },
  );
  const pool = await createCredentialPool(config.providers[0] as (typeof config.providers)[0], {
    fetch: globalThis.fetch,
    clock,
    applyKey: (headers, secret) => headers.set("authorization", `Bearer ${secret}`),
  });
  if (!pool) throw new Error("expected a credential pool");
  return { pool, clock };
}

/** Acquires a lease or fails the test. */
export async function lease(
  pool: CredentialPool,
  exclude: ReadonlySet<string> = new Set(),
): Promise<CredentialLease> {
  const acquired = await pool.acquire(exclude);
  if (!acquired) throw new Error("expected a usable credential");
  return acquired;
}

/** The headers a lease puts on the upstream request. */
export function headersOf(acquired: CredentialLease): Headers {
  const headers = new Headers();
  acquired.apply(headers);
  return headers;
}

export function bearerOf(acquired: CredentialLease): string {
  return (headersOf(acquired).get("authorization") ?? "").replace(/^Bearer /, "");
}
