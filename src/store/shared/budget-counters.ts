// Budget windows shared by every instance: per budget and window, a hash with what was spent
// (seeded from the store, which keeps the record) and a hash of live reservations, each with its
// own expiry on Redis's clock, so an instance that dies holding one cannot hold it for ever.
// Reserving against a token's and its project's budgets is one script: all or nothing.

import { defineLuaScript } from "./lua-script.ts";
import type { RedisLink } from "./redis-link.ts";

/** One budget window: which budget, which window, how much, how long its keys live. */
export type BudgetKey = { scope: string; id: string; start: number; budgetUsd: number };

/** Spent and reserved of one budget window (reserved includes this reservation when admitted). */
type WindowFigures = { spentUsd: number; reservedUsd: number };

/** One window after a settlement: its spend (null if Redis has none), and whether it just
 * crossed alertAt (once per window, whichever instance settles). */
export type Settled = { spentUsd: number | null; crossedAlert: boolean };

export type ReserveVerdict =
  | { kind: "reserved"; windows: WindowFigures[] }
  | { kind: "over"; windows: WindowFigures[]; over: number[] }
  /** A window's spend is not in Redis: seed it (index into the keys) and ask again. */
  | { kind: "unseeded"; index: number };

export type BudgetCounters = {
  reserve(
    windows: readonly BudgetKey[],
    reservation: { id: string; amountUsd: number; ttlMs: number; keepMs: number },
  ): Promise<ReserveVerdict>;
  /** Ends a reservation; a cost adds to every window still in Redis (and says which crossed). */
  settle(
    windows: readonly BudgetKey[],
    settlement: { id: string; costUsd: number; alertAt: number },
  ): Promise<Settled[]>;
  /** Sets a window's spend unless some instance already did (alerted: past alertAt already). */
  seed(window: BudgetKey, spentUsd: number, alerted: boolean, keepMs: number): Promise<void>;
  /** Spent and live reservations of each window; null where Redis has no spend for it. */
  read(windows: readonly BudgetKey[]): Promise<(WindowFigures | null)[]>;
};

const liveReservationsLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function reserved(key)
  local total = 0
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do
    local amount, expires = string.match(flat[i + 1], '^([^|]+)|(.+)$')
    if tonumber(expires) <= now then redis.call('HDEL', key, flat[i])
    else total = total + tonumber(amount) end
  end
  return total
end
`;

// KEYS: spend, reservations (per window). ARGV: id, amount, ttl, keep, budget of each window.
const reserveScript = defineLuaScript(
  "budget reserve",
  `${liveReservationsLua}
local id, amount, ttl, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local n, eps, figures, over = #KEYS / 2, 1e-9, {}, {}
for i = 1, n do
  local spent = redis.call('HGET', KEYS[2 * i - 1], 'spent')
  if not spent then return {'unseeded', i - 1} end
  figures[i] = {tonumber(spent), reserved(KEYS[2 * i])}
  local budget = tonumber(ARGV[4 + i])
  if figures[i][1] >= budget - eps or figures[i][1] + figures[i][2] + amount > budget + eps then
    over[#over + 1] = tostring(i - 1)
  end
end
local out = {#over > 0 and 'over' or 'reserved', table.concat(over, ',')}
for i = 1, n do
  if #over == 0 then
    redis.call('HSET', KEYS[2 * i], id, ARGV[2] .. '|' .. tostring(now + ttl))
    redis.call('PEXPIRE', KEYS[2 * i], keep)
    redis.call('PEXPIRE', KEYS[2 * i - 1], keep)
    figures[i][2] = figures[i][2] + amount
  end
  out[#out + 1] = tostring(figures[i][1])
  out[#out + 1] = tostring(figures[i][2])
end
return out`,
);

// KEYS: spend, reservations (per window). ARGV: id, cost, alertAt, budget of each window.
const settleScript = defineLuaScript(
  "budget settle",
  `local cost, share, out = tonumber(ARGV[2]), tonumber(ARGV[3]), {}
for i = 1, #KEYS / 2 do
  redis.call('HDEL', KEYS[2 * i], ARGV[1])
  local spent = redis.call('HGET', KEYS[2 * i - 1], 'spent')
  local crossed = '0'
  if cost > 0 and spent then
    spent = redis.call('HINCRBYFLOAT', KEYS[2 * i - 1], 'spent', ARGV[2])
    local line = share * tonumber(ARGV[3 + i])
    if tonumber(spent) >= line and redis.call('HSETNX', KEYS[2 * i - 1], 'alerted', '1') == 1 then
      crossed = '1'
    end
  end
  out[2 * i - 1] = spent or ''
  out[2 * i] = crossed
end
return out`,
);

// KEYS: spend. ARGV: spent, alerted (1/0), keep.
const seedScript = defineLuaScript(
  "budget seed",
  `if redis.call('HSETNX', KEYS[1], 'spent', ARGV[1]) == 1 then
  if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'alerted', '1') end
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1`,
);

// KEYS: spend, reservations (per window).
const readScript = defineLuaScript(
  "budget read",
  `${liveReservationsLua}
local out = {}
for i = 1, #KEYS / 2 do
  local spent = redis.call('HGET', KEYS[2 * i - 1], 'spent')
  out[2 * i - 1] = spent or ''
  out[2 * i] = tostring(reserved(KEYS[2 * i]))
end
return out`,
);

export function createBudgetCounters(link: RedisLink, prefix: string): BudgetCounters {
  const spendKey = (w: BudgetKey) => `${prefix}budget:${w.scope}:${w.id}:${w.start}:spend`;
  const heldKey = (w: BudgetKey) => `${prefix}budget:${w.scope}:${w.id}:${w.start}:held`;
  const keysOf = (windows: readonly BudgetKey[]) =>
    windows.flatMap((window) => [spendKey(window), heldKey(window)]);
  const budgets = (windows: readonly BudgetKey[]) => windows.map((w) => w.budgetUsd);
  return {
    async reserve(windows, r) {
      const args = [
        r.id,
        r.amountUsd,
        Math.ceil(r.ttlMs),
        Math.ceil(r.keepMs),
        ...budgets(windows),
      ];
      const reply = strings(await reserveScript.run(link, keysOf(windows), args));
      if (reply[0] === "unseeded") return { kind: "unseeded", index: Number(reply[1]) };
      const figures = pairs(reply.slice(2));
      if (reply[0] === "reserved") return { kind: "reserved", windows: figures };
      const over = (reply[1] ?? "").split(",").filter(Boolean).map(Number);
      return { kind: "over", windows: figures, over };
    },
    async settle(windows, s) {
      const args = [s.id, s.costUsd, s.alertAt, ...budgets(windows)];
      const reply = strings(await settleScript.run(link, keysOf(windows), args));
      return windows.map((_, index) => {
        const spent = reply[2 * index];
        return {
          spentUsd: spent === undefined || spent === "" ? null : Number(spent),
          crossedAlert: reply[2 * index + 1] === "1",
        };
      });
    },
    async seed(window, spentUsd, alerted, keepMs) {
      const args = [spentUsd, alerted ? "1" : "0", Math.ceil(keepMs)];
      await seedScript.run(link, [spendKey(window)], args);
    },
    async read(windows) {
      const reply = strings(await readScript.run(link, keysOf(windows), []));
      return windows.map((_, index) => {
        const spent = reply[2 * index];
        if (spent === undefined || spent === "") return null;
        return { spentUsd: Number(spent), reservedUsd: Number(reply[2 * index + 1] ?? 0) };
      });
    },
  };
}

// --- internal ---

function strings(reply: unknown): string[] {
  return Array.isArray(reply) ? reply.map((item) => String(item ?? "")) : [];
}

function pairs(flat: readonly string[]): WindowFigures[] {
  const figures: WindowFigures[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    figures.push({ spentUsd: Number(flat[index]), reservedUsd: Number(flat[index + 1]) });
  }
  return figures;
}
