// Times GET /admin/stats?since=24h&step=5m through the real app over a sqlite store holding
// 1,000,000 usage rows of the last 24 hours (DESIGN.md: p99 <= 200 ms).
// Usage: bun scripts/bench-stats.ts [--rows 1000000] [--runs 100] [--db PATH]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../src/app.ts";
import { parseConfigObject } from "../src/config/index.ts";
import { createLogger } from "../src/observability/index.ts";
import { openStore, type Store } from "../src/store/index.ts";
import { summarize } from "./bench/stats.ts";

const { values } = parseArgs({
  options: { rows: { type: "string" }, runs: { type: "string" }, db: { type: "string" } },
});
const rows = Number(values.rows ?? 1_000_000);
const runs = Number(values.runs ?? 100);
const dayMs = 86_400_000;
const adminKey = "bench-admin-key";

function seed(store: Store, now: number): void {
  const insert = store.db.query<null, (string | number | null)[]>(
    `insert into usage_records (at, request_id, project, token_id, provider, model, status,
       attempts, total_ms, input_tokens, output_tokens, error_class, cost_usd)
     values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
  );
  let state = 42;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  store.db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const failed = random() < 0.02;
      // latencies from tens of ms to tens of seconds, most around a second
      const totalMs = Math.exp(4 + random() * 3 + random() * 3);
      insert.run(
        now - dayMs + Math.floor((i / rows) * dayMs),
        `req-${i}`,
        `project-${i % 5}`,
        `tok-${i % 20}`,
        `provider-${i % 3}`,
        `model-${i % 7}`,
        failed ? 502 : 200,
        totalMs,
        100 + (i % 900),
        20 + (i % 300),
        failed ? "upstream_error" : null,
        i % 4 === 0 ? null : 0.000_01 * (i % 50),
      );
    }
  })();
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
    const body = (await response.json()) as { points: unknown[] };
    if (response.status !== 200 || body.points.length !== 288) throw new Error("bad answer");
    if (run >= 5) timings.push(performance.now() - started); // the first few warm the caches
  }
  return timings;
}

const directory = values.db ? undefined : mkdtempSync(join(tmpdir(), "llmp-bench-stats-"));
const store = openStore(values.db ?? join(directory ?? ".", "stats.db"));
try {
  const now = Date.now();
  if (store.db.query<{ n: number }, []>("select count(*) as n from usage_records").get()?.n === 0) {
    const started = performance.now();
    seed(store, now);
    console.error(`seeded ${rows} rows in ${Math.round(performance.now() - started)} ms`);
  }
  const config = parseConfigObject(
    {
      auth: { mode: "none", admin_key: adminKey },
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
    `GET /admin/stats?since=24h&step=5m over ${rows} rows, ${summary.count} runs: ` +
      `p50 ${round(summary.p50)} ms, p99 ${round(summary.p99)} ms, max ${round(summary.max)} ms`,
  );
} finally {
  store.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
}
