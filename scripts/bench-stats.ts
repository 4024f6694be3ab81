// Times GET /admin/stats?since=24h&step=5m through the real app over a store holding 1,000,000
// usage rows of the last 24 hours (DESIGN.md: p99 <= 200 ms), on sqlite (a temp file, or --db)
// or on Postgres (--url postgres://...: an empty database, or one seeded by an earlier run).
// Usage: bun scripts/bench-stats.ts [--rows 1000000] [--runs 100] [--db PATH | --url URL]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.ts";
import { parseConfigObject } from "../src/config/index.ts";
import { createLogger } from "../src/observability/index.ts";
import {
  createRepositories,
  openPostgresStore,
  openStore,
  type PostgresStore,
  type SqliteStore,
  type Store,
  type UsageRecord,
} from "../src/store/index.ts";
import { summarize } from "./bench/stats.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    runs: { type: "string" },
    db: { type: "string" },
    url: { type: "string" },
  },
});
const rows = Number(values.rows ?? 1_000_000);
const runs = Number(values.runs ?? 100);
const dayMs = 86_400_000;
const adminKey = "bench-stats-admin-key";

/** Rows per seeding batch or statement, on both engines. */
const seedBatchRows = 100_000;

/** Latencies from tens of ms to tens of seconds (most around a second), 2% errors. */
async function seedSqlite(store: SqliteStore, now: number): Promise<void> {
  let state = 42;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  // through the repository, which keeps the per-minute rollup /admin/stats reads
  const { usage } = createRepositories(store);
  for (let first = 0; first < rows; first += seedBatchRows) {
    const batch: UsageRecord[] = [];
    for (let i = first; i < Math.min(rows, first + seedBatchRows); i++) {
      const failed = random() < 0.02;
      batch.push({
        at: now - dayMs + Math.floor((i / rows) * dayMs),
        request_id: `req-${i}`,
        project: `project-${i % 5}`,
        token_id: `tok-${i % 20}`,
        provider: `provider-${i % 3}`,
        model: `model-${i % 7}`,
        model_served: null,
        status: failed ? 502 : 200,
        attempts: 1,
        ttfb_ms: null,
        total_ms: Math.exp(4 + random() * 3 + random() * 3),
        input_tokens: 100 + (i % 900),
        output_tokens: 20 + (i % 300),
        cached_tokens: 0,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        cost_usd: i % 4 === 0 ? null : 0.000_01 * (i % 50),
        estimated: false,
        cache_status: null,
        session_id: null,
        error_class: failed ? "upstream_error" : null,
      });
    }
    await usage.insertBatch(batch);
  }
}

/** The same rows made by Postgres itself, in statements of 100,000 (the rollup trigger's unit). */
async function seedPostgres(store: PostgresStore, now: number): Promise<void> {
  for (let first = 0; first < rows; first += seedBatchRows) {
    const last = Math.min(rows, first + seedBatchRows) - 1;
    await store.sql`
      insert into usage_records (at, request_id, project, token_id, provider, model, status,
        attempts, total_ms, input_tokens, output_tokens, error_class, cost_usd)
      select ${now - dayMs}::bigint + (i::bigint * ${dayMs}) / ${rows}, 'req-' || i,
        'project-' || i % 5, 'tok-' || i % 20, 'provider-' || i % 3, 'model-' || i % 7,
        case when r.f < 0.02 then 502 else 200 end, 1, exp(4 + r.a * 3 + r.b * 3),
        100 + i % 900, 20 + i % 300, case when r.f < 0.02 then 'upstream_error' end,
        case when i % 4 = 0 then null else 0.00001 * (i % 50) end
      from generate_series(${first}::int, ${last}::int) as i,
        -- naming i makes the subquery run once per row, not once for all
        lateral (select random() as f, random() as a, random() as b, i as row) as r`;
  }
}

async function timeRequests(fetchApp: (request: Request) => Promise<Response>): Promise<number[]> {
  const timings: number[] = [];
  for (let run = 0; run < runs + 5; run++) {
    const started = performance.now();
    const response = await fetchApp(
      new Request("http://bench/admin/stats?since=24h&step=5m", {
        headers: { authorization: `Bearer ${adminKey}` },
      }),
    );
    const body = (await response.json()) as { points: { requests: number }[] };
    if (response.status !== 200 || body.points.length !== 288) throw new Error("bad answer");
    // every seeded row but those of the oldest minutes, which fall before the first bucket
    const counted = body.points.reduce((sum, point) => sum + point.requests, 0);
    if (counted < rows * 0.99) throw new Error(`the stats count ${counted} of ${rows} rows`);
    if (run >= 5) timings.push(performance.now() - started); // the first few warm the caches
  }
  return timings;
}

async function seedIfEmpty(store: Store): Promise<void> {
  if ((await createRepositories(store).usage.count()) > 0) return;
  const started = performance.now();
  if (store.engine === "sqlite") await seedSqlite(store, Date.now());
  else await seedPostgres(store, Date.now());
  console.error(`seeded ${rows} rows in ${Math.round(performance.now() - started)} ms`);
}

const directory = values.db || values.url ? undefined : mkdtempSync(join(tmpdir(), "llmp-stats-"));
const store: Store = values.url
  ? await openPostgresStore(values.url)
  : openStore(values.db ?? join(directory ?? ".", "stats.db"));
try {
  await seedIfEmpty(store);
  const config = parseConfigObject(
    {
      auth: { mode: "none", admin_key: adminKey },
      storage: values.url ? { url: values.url } : {},
      providers: [{ name: "m", type: "mock" }],
      logging: { level: "silent" },
      routing: { health_check: { enabled: false } },
    },
    { env: {}, baseDir: process.cwd(), source: "bench-stats" },
  );
  const app = createApp(config, {
    store,
    logger: createLogger({ level: "silent", format: "json" }),
  });
  const summary = summarize(await timeRequests(app.fetch));
  await app.close();
  const round = (ms: number) => Math.round(ms * 10) / 10;
  console.log(
    `GET /admin/stats?since=24h&step=5m over ${rows} rows on ${store.engine}, ${summary.count} runs: ` +
      `p50 ${round(summary.p50)} ms, p99 ${round(summary.p99)} ms, max ${round(summary.max)} ms`,
  );
} finally {
  await store.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
}
