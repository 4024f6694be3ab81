// The queue of shared budget settlements that could not reach Redis: each kept one is sent once,
// however many reservations drain the queue at the same moment.

import { expect, test } from "bun:test";
import { createSettleQueue } from "../../../src/auth/shared-settle-queue.ts";
import { type BudgetCounters, SharedStateError } from "../../../src/store/index.ts";

const window = { scope: "token", id: "tok_1", start: 0, budgetUsd: 10 };

/** Budget counters whose settle fails while `reachable` is false and records what it was sent. */
function countersThatRecord() {
  const sent: string[] = [];
  const link = { reachable: false };
  const unused = () => Promise.reject(new Error("not used by the settle queue"));
  const counters: BudgetCounters = {
    async settle(_windows, settlement) {
      if (!link.reachable) {
        throw new SharedStateError("Redis is unreachable (settle not sent)", { sent: false });
      }
      await Bun.sleep(1); // a round trip
      sent.push(settlement.id);
      return [];
    },
    reserve: unused,
    seed: unused,
    read: unused,
  };
  return { counters, sent, link };
}

test("drains at the same moment send each kept settlement once, in order", async () => {
  const { counters, sent, link } = countersThatRecord();
  const queue = createSettleQueue(counters, (error) => {
    throw error;
  });
  for (const id of ["a", "b", "c"]) await queue.send([window], { id, costUsd: 1, alertAt: 0.8 });
  expect(sent).toEqual([]);
  link.reachable = true;
  await Promise.all([queue.drain(), queue.drain(), queue.drain()]);
  expect(sent).toEqual(["a", "b", "c"]);
  await queue.drain();
  expect(sent).toEqual(["a", "b", "c"]);
});
