// The bench's command line: --quick, --soak [--minutes N], --help, and the sizes of each phase
// for a full or quick run.

import type { Profile } from "./types.ts";

export type SoakOptions = { minutes: number };

export type ParsedArgs =
  | { kind: "run"; profile: Profile }
  | { kind: "soak"; soak: SoakOptions }
  | { kind: "help" };

export const usage = `usage: bun run bench [--quick] | --soak [--minutes N] | --startup
Measures llm-proxy against the floor of any Bun gateway, in one run on one machine: the mock
upstream (direct), nginx, bun-bare (Bun.serve + fetch pass-through, scripts/bench/bun-bare.ts),
bun-stream (bun-bare with every chunk passed through JavaScript, bun-bare.ts --through-js),
bun-features (bun-bare doing the shipped features' work directly, scripts/bench/bun-features.ts),
llm-proxy with the shipped defaults (proxy.config.yaml), llm-proxy lean
(scripts/bench/lean.config.yaml) and llm-proxy translated. Gateways are pinned to core 0, load
and mock to core 1.
  S1  small JSON, wrk c=64: req/s and gateway CPU per request; added p50 at c=1 (vs direct)
  S2  SSE with 50 chunks, wrk c=64: req/s
  S3  1,000 concurrent 10-second streams: intact streams and the gateway's peak RSS
  S4  1 MB JSON answers, wrk c=64: MiB/s
  TTFT  time to the first data: byte of a stream at c=1, overhead vs direct
Each figure is printed per target with its ratio to bun-bare, then PASS/MISS per target (with
bun-stream's and bun-features' figure by the same measure: what Bun allows), then
the scenarios (failover under load, token check, tracing cost, cache hit, two instances behind
nginx with shared limits vs local ones). Writes .bench/results.json.
  --quick        short run of everything (wrk 2 s per phase, 2-second streams, fewer samples)
  --soak         500 req/s of mixed JSON and SSE through llm-proxy (shipped defaults) for 10
                 minutes; RSS every few seconds against its value at minute 2 (goal +-10 %)
  --minutes N    soak length (decimals allowed; shorter than 10 puts the baseline at a fifth)
  --startup      only the start-up of dist/llm-proxy (see --startup --help)
  --help         show this text
Uses dist/llm-proxy when present (bun run build), else bun src/cli/index.ts. Installs wrk and
nginx-light with apt-get when missing.`;

const full: Profile = {
  name: "full",
  wrkSeconds: 10,
  wrkWarmupSeconds: 2,
  wrkConnections: 64,
  sseChunks: 50,
  bigBodyBytes: 1024 * 1024,
  latencySamples: 2000,
  latencyWarmup: 200,
  ttfbSamples: 500,
  ttfbWarmup: 50,
  ttfbChunks: 3,
  ttfbIntervalMs: 5,
  streams: 1000,
  streamChunks: 18,
  streamSeconds: 10,
  failoverSeconds: 10,
  failoverWorkers: 32,
};

const quick: Profile = {
  ...full,
  name: "quick",
  wrkSeconds: 2,
  wrkWarmupSeconds: 1,
  latencySamples: 300,
  latencyWarmup: 50,
  ttfbSamples: 100,
  ttfbWarmup: 20,
  streamSeconds: 2,
  failoverSeconds: 4,
};

const defaultSoakMinutes = 10;

/** Throws an Error naming the first flag it does not know. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let profile = full;
  let soak = false;
  let minutes = defaultSoakMinutes;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--quick") profile = quick;
    else if (arg === "--soak") soak = true;
    else if (arg === "--minutes") minutes = toMinutes(argv[++i]);
    else if (arg.startsWith("-")) throw new Error(`unknown flag ${arg}`);
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (minutes !== defaultSoakMinutes && !soak) throw new Error("--minutes goes with --soak");
  if (soak && profile === quick) throw new Error("--soak and --quick do not go together");
  return soak ? { kind: "soak", soak: { minutes } } : { kind: "run", profile };
}

/** S3: spacing of the stream's events (a role chunk, the content, a stop chunk, [DONE]). */
export function streamIntervalMs(profile: Profile): number {
  return Math.round((profile.streamSeconds * 1000) / (profile.streamChunks + 2));
}

// --- internal ---

function toMinutes(value: string | undefined): number {
  const minutes = Number(value);
  if (value === undefined || !Number.isFinite(minutes) || minutes <= 0) {
    throw new Error(`--minutes needs a positive number, got ${value ?? "nothing"}`);
  }
  return minutes;
}
