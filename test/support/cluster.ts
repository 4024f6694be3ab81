// Two real `serve` processes of one deployment: one Postgres store, one Redis, one config file,
// as DESIGN.md's several instances run them; the CLI runs against the same file.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliResult, type RunningCli, runCli, startServe } from "./cli.ts";

export type ClusterOptions = {
  postgresUrl: string;
  redisUrl: string;
  upstreamUrl: string;
  failMode?: "closed" | "open";
  /** More YAML, appended to the config (top-level keys). */
  extraYaml?: string;
};

export type Cluster = {
  configPath: string;
  instances: [RunningCli, RunningCli];
  cli(args: string[]): Promise<CliResult>;
  /** `token create --json` with these flags; the secret. */
  createToken(...flags: string[]): Promise<{ id: string; token: string }>;
  [Symbol.asyncDispose](): Promise<void>;
};

export const adminKey = "cluster-admin-key-0123456789";

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const configPath = join(mkdtempSync(join(tmpdir(), "llmp-cluster-")), "proxy.yaml");
  writeFileSync(configPath, clusterConfig(options));
  const started = await Promise.all([
    startServe(["-c", configPath]),
    startServe(["-c", configPath]),
  ]);
  const cli = (args: string[]) => runCli([...args, "-c", configPath]);
  return {
    configPath,
    instances: started,
    cli,
    async createToken(...flags) {
      const result = await cli(["token", "create", "--project", "p", "--json", ...flags]);
      if (result.exitCode !== 0) throw new Error(`token create failed: ${result.stderr}`);
      return JSON.parse(result.stdout) as { id: string; token: string };
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(started.map((instance) => instance[Symbol.asyncDispose]()));
    },
  };
}

/** A chat completion to one instance with a client token. */
export function chat(instance: RunningCli, token: string, extra: Record<string, unknown> = {}) {
  return fetch(`${instance.origin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({
      model: "priced-1",
      max_tokens: 100,
      messages: [{ role: "user", content: "hi" }],
      ...extra,
    }),
  });
}

/** Polls every 25 ms until `condition` holds, for at most `ms`. */
export async function until(condition: () => Promise<boolean> | boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await Bun.sleep(25);
  }
}

// --- internal ---

function clusterConfig(options: ClusterOptions): string {
  return `server: { host: 127.0.0.1 }
storage: { url: "${options.postgresUrl}" }
shared:
  redis: { url: "${options.redisUrl}", prefix: "llmp:", timeout: 300ms }
  fail_mode: ${options.failMode ?? "closed"}
auth: { mode: tokens, admin_key: ${adminKey} }
cache: { enabled: false, backend: memory }
routing: { health_check: { enabled: false } }
logging: { level: info, requests: false }
pricing:
  - { model: "priced-*", input: 1000, output: 1000 }
providers:
  - { name: up, type: openai, base_url: "${options.upstreamUrl}", api_key: sk-up-key-0001 }
${options.extraYaml ?? ""}
`;
}
