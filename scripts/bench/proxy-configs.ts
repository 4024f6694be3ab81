// The llm-proxy configurations the bench measures, one entry each: every entry becomes a target
// (a column) of the main table. The shipped defaults are proxy.config.yaml itself, pointed at the
// mock; lean is scripts/bench/lean.config.yaml.

import { join } from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";
import { repoRoot } from "./children.ts";

type PreparedConfig = { configPath: string; env?: Record<string, string> };

export type ProxyConfigSpec = {
  key: string;
  label: string;
  /** One line for the report: what this configuration is. */
  about: string;
  /** Writes or names the config file; `env` fills its ${VAR}s. */
  prepare(dir: string, mockOrigin: string): Promise<PreparedConfig>;
  /** auth.mode tokens: a client token is created before the server starts. */
  needsToken: boolean;
};

export const shippedKey = "llm-proxy";
export const leanKey = "lean";
const translatedKey = "translated";

export const proxyConfigs: readonly ProxyConfigSpec[] = [
  {
    key: shippedKey,
    label: "llm-proxy",
    about:
      "proxy.config.yaml as shipped (auth tokens, usage, traces with bodies into sqlite," +
      " sessions, metrics, request log), its providers' base_url set to the mock",
    prepare: writeShippedConfig,
    needsToken: true,
  },
  {
    key: leanKey,
    label: "llm-proxy lean",
    about: "scripts/bench/lean.config.yaml: auth none; usage, traces, sessions, request log off",
    prepare: async (_dir, mockOrigin) => ({
      configPath: join(repoRoot, "scripts", "bench", "lean.config.yaml"),
      env: { BENCH_MOCK_ORIGIN: mockOrigin },
    }),
    needsToken: false,
  },
  {
    key: translatedKey,
    label: "llm-proxy translated",
    about:
      "the shipped config with its openai provider made an Anthropic one: every OpenAI chat" +
      " request is translated to Messages and its answer (JSON or SSE) back",
    prepare: writeTranslatedConfig,
    needsToken: true,
  },
];

/**
 * proxy.config.yaml with what must differ on a bench machine: every provider with a base_url
 * points at the mock (with a dummy key), and the store and trace files go to `dir`.
 */
async function writeShippedConfig(dir: string, mockOrigin: string): Promise<PreparedConfig> {
  const text = await Bun.file(join(repoRoot, "proxy.config.yaml")).text();
  const document = parseDocument(text);
  document.setIn(["server", "port"], 0);
  document.setIn(["storage", "path"], join(dir, "shipped.db"));
  document.setIn(["traces", "directory"], join(dir, "shipped-traces"));
  const providers = document.get("providers");
  if (!isSeq(providers)) throw new Error("proxy.config.yaml has no providers list");
  for (const provider of providers.items) {
    if (!isMap(provider) || !provider.has("base_url")) continue;
    provider.set("base_url", `${mockOrigin}/v1`);
    provider.set("api_key", "bench-upstream-key");
  }
  const configPath = join(dir, "shipped.config.yaml");
  await Bun.write(configPath, document.toString());
  return { configPath };
}

/** The shipped config whose `gpt-*` provider speaks Anthropic Messages (the mock does too). */
async function writeTranslatedConfig(dir: string, mockOrigin: string): Promise<PreparedConfig> {
  const shipped = await writeShippedConfig(dir, mockOrigin);
  const document = parseDocument(await Bun.file(shipped.configPath).text());
  document.setIn(["storage", "path"], join(dir, "translated.db"));
  document.setIn(["traces", "directory"], join(dir, "translated-traces"));
  const providers = document.get("providers");
  if (!isSeq(providers)) throw new Error("proxy.config.yaml has no providers list");
  const openai = providers.items.find((item) => isMap(item) && item.get("name") === "openai");
  if (!isMap(openai)) throw new Error("proxy.config.yaml has no provider named openai");
  openai.set("type", "anthropic");
  const configPath = join(dir, "translated.config.yaml");
  await Bun.write(configPath, document.toString());
  return { configPath };
}
