// The bench's command line: --quick, --help, and the sizes of each phase for a full or quick run.

export type Profile = {
  name: "full" | "quick";
  wrkSeconds: number;
  /** An unrecorded wrk run first, so every server is warm (JIT, pools) when measured. */
  wrkWarmupSeconds: number;
  wrkConnections: number;
  latencySamples: number;
  latencyWarmup: number;
  ttfbSamples: number;
  ttfbWarmup: number;
  /** Spaced chunks, so a proxy that buffered the stream would show in its TTFB. */
  ttfbChunks: number;
  ttfbIntervalMs: number;
  streams: number;
  /** 10 chunks 50 ms apart: each stream lasts about half a second, so all 1,000 overlap. */
  streamChunks: number;
  streamIntervalMs: number;
  /** Failover scenario: constant load for this long; mock 2 is killed halfway. */
  failoverSeconds: number;
  failoverWorkers: number;
};

export type ParsedArgs = { kind: "run"; profile: Profile } | { kind: "help" };

export const usage = `usage: bun run bench [--quick]
Benchmarks llm-proxy against a direct mock upstream and nginx as a plain keepalive proxy:
throughput (wrk, c=64), added latency at c=1, streaming time to first byte, 1,000 concurrent
streams and peak RSS. Prints a table and PASS/MISS per target, then four scenarios: failover
under load (3 providers, one killed midway), the cost of client token checks (auth on vs off),
the cost of tracing (traces off vs on, every request with bodies into sqlite) and the response
cache (hit vs miss, sqlite backend). Writes .bench/results.json.
  --quick   short run for a fast check (wrk 3 s per target, fewer samples, 4 s of failover)
  --startup only the start-up of dist/llm-proxy: exec -> /health, 20 starts (see --startup --help)
  --help    show this text
Uses dist/llm-proxy when present (bun run build), else bun src/cli/index.ts.
Installs nginx-light and wrk with apt-get when missing; pins servers to core 0, load to core 1.`;

const full: Profile = {
  name: "full",
  wrkSeconds: 10,
  wrkWarmupSeconds: 2,
  wrkConnections: 64,
  latencySamples: 2000,
  latencyWarmup: 200,
  ttfbSamples: 500,
  ttfbWarmup: 50,
  ttfbChunks: 3,
  ttfbIntervalMs: 5,
  streams: 1000,
  streamChunks: 10,
  streamIntervalMs: 50,
  failoverSeconds: 10,
  failoverWorkers: 32,
};

const quick: Profile = {
  ...full,
  name: "quick",
  wrkSeconds: 3,
  wrkWarmupSeconds: 1,
  latencySamples: 300,
  latencyWarmup: 50,
  ttfbSamples: 100,
  ttfbWarmup: 20,
  failoverSeconds: 4,
};

/** Throws an Error naming the first flag it does not know. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let profile = full;
  for (const arg of argv) {
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--quick") profile = quick;
    else if (arg.startsWith("-")) throw new Error(`unknown flag ${arg}`);
    else throw new Error(`unexpected argument ${arg}`);
  }
  return { kind: "run", profile };
}
