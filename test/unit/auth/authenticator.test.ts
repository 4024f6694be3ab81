// The authenticator against a real store whose token reads can be frozen (a Postgres that hangs):
// past the row cache's TTL a token already known waits for its row at most the read deadline,
// then is served from the row it had, and a row read in time is what serves.

import { expect, test } from "bun:test";
import { createAuthenticator } from "../../../src/auth/index.ts";
import { createRepositories, openStore, type TokenRepository } from "../../../src/store/index.ts";
import { managementOf } from "../../support/management.ts";
import { manualClock } from "../../support/manual-clock.ts";

/** A store with one token, whose token reads hang while `frozen.on` and are counted. */
async function frozenStore(readDeadlineMs?: number) {
  const store = openStore(":memory:");
  const clock = manualClock(Date.parse("2026-12-01T12:00:00Z"));
  const repositories = createRepositories(store);
  const management = managementOf(store, () => clock.now());
  const created = await management.createToken({ project: "team" });
  const frozen = { on: false, reads: 0 };
  const tokens: TokenRepository = {
    ...repositories.tokens,
    findByHash: async (hash) => {
      frozen.reads++;
      if (frozen.on) await new Promise<never>(() => {});
      return repositories.tokens.findByHash(hash);
    },
  };
  const authenticator = createAuthenticator({
    tokens,
    projects: repositories.projects,
    clock,
    ...(readDeadlineMs === undefined ? {} : { readDeadlineMs }),
    onFlushError: (error) => {
      throw error;
    },
  });
  const headers = new Headers({ authorization: `Bearer ${created.secret}` });
  return { authenticator, clock, frozen, headers, management, tokenId: created.token.id };
}

/** The promise's value, or "pending" if it has not settled within 100 ms. */
function soon<T>(promise: Promise<T>): Promise<T | "pending"> {
  return Promise.race([promise, Bun.sleep(100).then(() => "pending" as const)]);
}

test("past its TTL a known token whose row cannot be read in time is served from that row", async () => {
  const { authenticator, clock, frozen, headers, tokenId } = await frozenStore(10);
  await authenticator.authenticate(headers);
  frozen.on = true;
  clock.advance(3_000);
  const caller = await soon(authenticator.authenticate(headers));
  expect(caller !== "pending" && caller.token.id).toBe(tokenId);
  // the read still hangs: the token's next requests do not wait for it again
  const started = performance.now();
  expect(await soon(authenticator.authenticate(headers))).not.toBe("pending");
  expect(performance.now() - started).toBeLessThan(5);
  expect(frozen.reads).toBe(2);
  await authenticator.close();
});

test("past its TTL a row read again in time is what serves: a revocation is seen", async () => {
  const { authenticator, clock, headers, management, tokenId } = await frozenStore();
  await authenticator.authenticate(headers);
  await management.revokeToken(tokenId);
  clock.advance(2_000);
  await expect(authenticator.authenticate(headers)).rejects.toThrow("has been revoked");
  await authenticator.close();
});

test("a full row cache drops the least recently used row, not every row", async () => {
  const { authenticator, frozen, headers } = await frozenStore();
  const stranger = (i: number) => new Headers({ authorization: `Bearer sk-llmp-stranger-${i}` });
  const refused = (i: number) => authenticator.authenticate(stranger(i)).catch(() => undefined);
  await authenticator.authenticate(headers);
  for (let i = 0; i < 9_999; i++) await refused(i); // unknown tokens are remembered too
  await authenticator.authenticate(headers); // in use: the most recently used row
  for (let i = 9_999; i < 10_050; i++) await refused(i);
  const reads = frozen.reads;
  await authenticator.authenticate(headers);
  expect(frozen.reads).toBe(reads);
  await authenticator.close();
});

test("requests of a token one short of max_requests at the same moment: exactly one is admitted", async () => {
  const store = openStore(":memory:");
  const { tokens, projects } = createRepositories(store);
  const { secret } = await managementOf(store).createToken({ project: "team", maxRequests: 3 });
  const authenticator = createAuthenticator({
    tokens,
    projects,
    clock: manualClock(),
    onFlushError: (error) => {
      throw error;
    },
  });
  const caller = await authenticator.authenticate(
    new Headers({ authorization: `Bearer ${secret}` }),
  );
  await authenticator.admit(caller, "gpt-4o", 10);
  await authenticator.admit(caller, "gpt-4o", 10);
  const admitted = await Promise.allSettled(
    Array.from({ length: 3 }, () => authenticator.admit(caller, "gpt-4o", 10)),
  );
  expect(admitted.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  await authenticator.close();
});
