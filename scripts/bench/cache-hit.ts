// Cache hit vs miss: two llm-proxy servers on one mock with the sqlite cache on, compared in
// alternating rounds. The miss side sends x-llm-proxy-cache-ttl: 0, so every request looks the
// cache up, misses, goes upstream and stores nothing; the hit side sends the same request plainly,
// so after the first every answer comes from the cache. /metrics then shows each side did so.

import { join } from "node:path";
import {
  type AbDifference,
  type AbRoundSizes,
  type AbServer,
  type AbSideFigures,
  compareServers,
} from "./ab-compare.ts";
import { progress } from "./progress.ts";
import { writeCacheConfig } from "./scenario-configs.ts";
import { startCheckedServer, withServerPair } from "./server-pair.ts";
import type { Outcome, Profile, WrkRun } from "./types.ts";

/** Requests each side's server counted by cache status, read from its /metrics. */
type CacheCounts = { hit: number; miss: number };

export type CacheHitFigures = AbRoundSizes & {
  miss: AbSideFigures;
  hit: AbSideFigures;
} & AbDifference & { counts: Record<"miss" | "hit", CacheCounts> };

type Mode = "miss" | "hit";

const scenario = "cache";

export async function measureCacheHit(
  mockOrigin: string,
  wrk: Outcome<WrkRun>,
  profile: Profile,
  dir: string,
): Promise<CacheHitFigures> {
  const start = {
    a: () => startServer("miss", mockOrigin, dir),
    b: () => startServer("hit", mockOrigin, dir),
  };
  return await withServerPair(start, async (pair) => {
    const { a, b, wrkRoundSeconds, latencyRoundRequests, ...difference } = await compareServers(
      scenario,
      pair,
      wrk,
      profile,
      dir,
    );
    const counts = { miss: await cacheCounts(pair.a), hit: await cacheCounts(pair.b) };
    if (counts.miss.hit > 0 || counts.hit.hit === 0) {
      throw new Error(`the cache did not behave as set up: ${JSON.stringify(counts)}`);
    }
    progress(
      `${scenario}: miss side ${counts.miss.miss} misses; hit side ${counts.hit.hit} hits, ${counts.hit.miss} misses`,
    );
    return { wrkRoundSeconds, latencyRoundRequests, miss: a, hit: b, ...difference, counts };
  });
}

// --- internal ---

async function startServer(mode: Mode, mockOrigin: string, dir: string): Promise<AbServer> {
  const configPath = await writeCacheConfig(dir, mockOrigin, mode, join(dir, `cache-${mode}.db`));
  return await startCheckedServer({
    scenario,
    label: `cache ${mode}`,
    processName: `llm-proxy-cache-${mode}`,
    configPath,
    logDir: dir,
    headers: mode === "miss" ? { "x-llm-proxy-cache-ttl": "0" } : undefined,
  });
}

async function cacheCounts(server: AbServer): Promise<CacheCounts> {
  const text = await (await fetch(`${server.proxy.origin}/metrics`)).text();
  const sum = (status: string) =>
    text
      .split("\n")
      .filter(
        (line) =>
          line.startsWith("llm_proxy_requests_total{") && line.includes(`cache="${status}"`),
      )
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
  return { hit: sum("hit"), miss: sum("miss") };
}
