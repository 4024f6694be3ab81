// Per-token request limits shared by every instance: rpm and tpm as sliding one-minute windows of
// one-second buckets (a hash per token and limit, as the in-process windows), and the token's
// request count for max_requests. Each check-and-charge is one Lua script on Redis's clock; keys
// expire when idle, and a missing count is seeded by the caller from the store, never assumed 0.

import { defineLuaScript } from "./lua-script.ts";
import type { RedisLink } from "./redis-link.ts";

type LimitRequest = {
  tokenId: string;
  /** null: no such limit. */
  rpm: number | null;
  tpm: number | null;
  maxRequests: number | null;
  estimatedTokens: number;
};

export type LimitVerdict =
  | { kind: "admitted" }
  | { kind: "over"; limit: "rpm" | "tpm"; reliefMs: number }
  | { kind: "used_up" }
  /** The request count is not in Redis (a restart, an eviction): seed it and ask again. */
  | { kind: "unseeded" };

export type LimitCounters = {
  admit(request: LimitRequest): Promise<LimitVerdict>;
  /** A finished request's real tokens, into the token's tpm window. */
  chargeTokens(tokenId: string, tokens: number): Promise<void>;
  /** Sets the request count unless some instance already did. */
  seedRequests(tokenId: string, requests: number): Promise<void>;
};

// the request count outlives any idle spell worth remembering; past it, the store reseeds it
const requestsTtlSeconds = 30 * 86_400;

const windowLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local second = math.floor(now / 1000)
local function window(key)
  local total, oldest = 0, nil
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do
    local at = tonumber(flat[i])
    if second - at >= 60 then
      redis.call('HDEL', key, flat[i])
    else
      local n = tonumber(flat[i + 1])
      total = total + n
      if n > 0 and (oldest == nil or at < oldest) then oldest = at end
    end
  end
  return total, oldest
end
local function relief(oldest)
  if oldest == nil then return 0 end
  return (oldest + 60) * 1000 - now
end
`;

// KEYS: rpm hash, tpm hash, request count. ARGV: rpm, tpm, estimate, max_requests (0: none), TTL.
const admitScript = defineLuaScript(
  "token limits",
  `${windowLua}
local rpm, tpm, estimate = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local maxRequests = tonumber(ARGV[4])
if maxRequests > 0 then
  local used = redis.call('GET', KEYS[3])
  if not used then return {'unseeded'} end
  if tonumber(used) + 1 > maxRequests then return {'used_up'} end
end
if rpm > 0 then
  local total, oldest = window(KEYS[1])
  if total + 1 > rpm then return {'rpm', relief(oldest)} end
end
if tpm > 0 then
  local total, oldest = window(KEYS[2])
  if total + estimate > tpm then return {'tpm', relief(oldest)} end
end
if rpm > 0 then
  redis.call('HINCRBY', KEYS[1], second, 1)
  redis.call('PEXPIRE', KEYS[1], 61000)
end
if maxRequests > 0 then
  redis.call('INCR', KEYS[3])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
end
return {'admitted'}`,
);

const chargeScript = defineLuaScript(
  "token usage",
  `${windowLua}
redis.call('HINCRBY', KEYS[1], second, ARGV[1])
redis.call('PEXPIRE', KEYS[1], 61000)
return 1`,
);

export function createLimitCounters(link: RedisLink, prefix: string): LimitCounters {
  const key = (tokenId: string, what: string) => `${prefix}token:${tokenId}:${what}`;
  return {
    async admit(request) {
      const keys = ["rpm", "tpm", "requests"].map((what) => key(request.tokenId, what));
      const reply = await admitScript.run(link, keys, [
        request.rpm ?? 0,
        request.tpm ?? 0,
        Math.max(0, Math.ceil(request.estimatedTokens)),
        request.maxRequests ?? 0,
        requestsTtlSeconds,
      ]);
      return toVerdict(reply);
    },
    async chargeTokens(tokenId, tokens) {
      await chargeScript.run(link, [key(tokenId, "tpm")], [Math.ceil(tokens)]);
    },
    async seedRequests(tokenId, requests) {
      const count = String(Math.max(0, Math.floor(requests)));
      await link.call("SET NX", (client) =>
        client.send("SET", [
          key(tokenId, "requests"),
          count,
          "NX",
          "EX",
          String(requestsTtlSeconds),
        ]),
      );
    },
  };
}

// --- internal ---

function toVerdict(reply: unknown): LimitVerdict {
  const [kind, relief] = Array.isArray(reply) ? reply : [];
  if (kind === "admitted" || kind === "used_up" || kind === "unseeded") return { kind };
  if (kind === "rpm" || kind === "tpm") {
    return { kind: "over", limit: kind, reliefMs: Math.max(0, Number(relief) || 0) };
  }
  throw new Error(`unexpected reply from the token limits script: ${JSON.stringify(reply)}`);
}
