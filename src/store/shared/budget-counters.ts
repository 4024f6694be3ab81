// Budget windows shared by every instance: per budget and window, a hash with what was spent
// (seeded from the store, which keeps the record) and what is reserved, and the live
// reservations, each with its own expiry on Redis's clock, so an instance that dies holding one
// cannot hold it for ever. Reserving against a token's and its project's budgets is one script:
// all or nothing.

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

// Per window: the spend hash (spent, alerted, and reserved: the running sum of the live
// reservations), the live reservations (id -> amount) and their expiries (a sorted set), so a
// reservation is checked against one field, and only the expired ones are ever walked.
const liveReservationsLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function setReserved(spend, live, total)
  if total < 1e-9 or redis.call('HLEN', live) == 0 then total = 0 end
  redis.call('HSET', spend, 'reserved', tostring(total))
  return total
end
local function reserved(spend, live, expiries)
  local total = tonumber(redis.call('HGET', spend, 'reserved') or '0')
  local gone = redis.call('ZRANGEBYSCORE', expiries, '-inf', now)
  if #gone == 0 then return total end
  for _, id in ipairs(gone) do
    local amount = redis.call('HGET', live, id)
    if amount then
      total = total - tonumber(amount)
      redis.call('HDEL', live, id)
    end
  end
  redis.call('ZREMRANGEBYSCORE', expiries, '-inf', now)
  return setReserved(spend, live, total)
end
`;

// KEYS: spend, live, expiries (per window). ARGV: id, amount, ttl, keep, budget of each window.
const reserveScript = defineLuaScript(
  "budget reserve",
  `${liveReservationsLua}
local id, amount, ttl, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local n, eps, figures, over = #KEYS / 3, 1e-9, {}, {}
for i = 1, n do
  local spend, live, expiries = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local spent = redis.call('HGET', spend, 'spent')
  if not spent then return {'unseeded', i - 1} end
  figures[i] = {tonumber(spent), reserved(spend, live, expiries)}
  local budget = tonumber(ARGV[4 + i])
  if figures[i][1] >= budget - eps or figures[i][1] + figures[i][2] + amount > budget + eps then
    over[#over + 1] = tostring(i - 1)
  end
end
local out = {#over > 0 and 'over' or 'reserved', table.concat(over, ',')}
for i = 1, n do
  if #over == 0 then
    local spend, live, expiries = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
    local before = tonumber(redis.call('HGET', live, id) or '0')
    redis.call('HSET', live, id, ARGV[2])
    redis.call('ZADD', expiries, now + ttl, id)
    figures[i][2] = figures[i][2] - before + amount
    redis.call('HSET', spend, 'reserved', tostring(figures[i][2]))
    for _, key in ipairs({spend, live, expiries}) do redis.call('PEXPIRE', key, keep) end
  end
  out[#out + 1] = tostring(figures[i][1])
  out[#out + 1] = tostring(figures[i][2])
end
return out`,
);

// KEYS: spend, live, expiries (per window). ARGV: id, cost, alertAt, budget of each window.
const settleScript = defineLuaScript(
  "budget settle",
  `local cost, share, out = tonumber(ARGV[2]), tonumber(ARGV[3]), {}
for i = 1, #KEYS / 3 do
  local spend, live, expiries = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local spent = redis.call('HGET', spend, 'spent')
  local amount = redis.call('HGET', live, ARGV[1])
  if amount then
    redis.call('HDEL', live, ARGV[1])
    redis.call('ZREM', expiries, ARGV[1])
    if spent then
      local total = tonumber(redis.call('HGET', spend, 'reserved') or '0') - tonumber(amount)
      if total < 1e-9 or redis.call('HLEN', live) == 0 then total = 0 end
      redis.call('HSET', spend, 'reserved', tostring(total))
    end
  end
  local crossed = '0'
  if cost > 0 and spent then
    spent = redis.call('HINCRBYFLOAT', spend, 'spent', ARGV[2])
    local line = share * tonumber(ARGV[3 + i])
    if tonumber(spent) >= line and redis.call('HSETNX', spend, 'alerted', '1') == 1 then
      crossed = '1'
    end
  end
  out[2 * i - 1] = spent or ''
  out[2 * i] = crossed
end
return out`,
);

// KEYS: spend, live. ARGV: spent, alerted (1/0), keep. A spend hash Redis lost (evicted) while
// its live reservations stayed gets their sum back as its running total.
const seedScript = defineLuaScript(
  "budget seed",
  `if redis.call('HSETNX', KEYS[1], 'spent', ARGV[1]) == 1 then
  if ARGV[2] == '1' then redis.call('HSET', KEYS[1], 'alerted', '1') end
  local total = 0
  for _, amount in ipairs(redis.call('HVALS', KEYS[2])) do total = total + tonumber(amount) end
  redis.call('HSET', KEYS[1], 'reserved', tostring(total))
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1`,
);

// KEYS: spend, live, expiries (per window).
const readScript = defineLuaScript(
  "budget read",
  `${liveReservationsLua}
local out = {}
for i = 1, #KEYS / 3 do
  local spend, live, expiries = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local spent = redis.call('HGET', spend, 'spent')
  out[2 * i - 1] = spent or ''
  out[2 * i] = spent and tostring(reserved(spend, live, expiries)) or '0'
end
return out`,
);

export function createBudgetCounters(link: RedisLink, prefix: string): BudgetCounters {
  const keyOf = (w: BudgetKey, what: string) =>
    `${prefix}budget:${w.scope}:${w.id}:${w.start}:${what}`;
  const keysOf = (windows: readonly BudgetKey[]) =>
    windows.flatMap((w) => [keyOf(w, "spend"), keyOf(w, "live"), keyOf(w, "expiries")]);
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
      await seedScript.run(link, [keyOf(window, "spend"), keyOf(window, "live")], args);
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
