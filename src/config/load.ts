// Loads proxy.config.yaml: YAML parse, ${VAR} interpolation, schema validation, path resolution.

import { dirname, isAbsolute, resolve } from "node:path";
import type { YAMLError } from "yaml";
import { ConfigError, type ConfigProblem } from "./config-error.ts";
import { describeIssues } from "./describe-issues.ts";
import { type Env, interpolateEnv } from "./interpolate.ts";
import { type Config, configSchema } from "./schema.ts";
import { checkSemantics } from "./semantics.ts";
import { readYaml } from "./yaml-text.ts";

export type LoadConfigOptions = { path: string; env: Env };
export type ParseConfigOptions = {
  env: Env;
  /** Directory that relative paths inside the config are resolved against. */
  baseDir: string;
  /** Name used in error messages, usually the file path. */
  source: string;
};

export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const path = resolve(options.path);
  const file = Bun.file(path);
  if (!(await file.exists())) {
    throw new ConfigError(options.path, [{ path: "", message: "file not found" }]);
  }
  const text = await file.text();
  return parseConfigText(text, { env: options.env, baseDir: dirname(path), source: options.path });
}

export function parseConfigText(text: string, options: ParseConfigOptions): Config {
  const read = readYaml(text);
  if (!read.ok) throw new ConfigError(options.source, [toYamlProblem(read.error, text)]);
  return parseConfigObject(read.value ?? {}, options);
}

export function parseConfigObject(raw: unknown, options: ParseConfigOptions): Config {
  const problems: ConfigProblem[] = [];
  const interpolated = interpolateEnv(raw, options.env, problems);
  if (interpolated === null || typeof interpolated !== "object" || Array.isArray(interpolated)) {
    throw new ConfigError(options.source, [{ path: "", message: "expected a YAML mapping" }]);
  }
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) problems.push(...describeIssues(configSchema, parsed.error.issues));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(options.source, problems);

  const config = parsed.data;
  const semanticProblems = checkSemantics(config);
  if (semanticProblems.length > 0) throw new ConfigError(options.source, semanticProblems);

  config.storage.path = resolvePath(options.baseDir, config.storage.path);
  config.traces.directory = resolvePath(options.baseDir, config.traces.directory);
  for (const provider of config.providers) {
    const auth = provider.auth;
    if (auth?.type === "flow" && auth.secrets_file) {
      auth.secrets_file = resolvePath(options.baseDir, auth.secrets_file);
    }
    if (auth?.type === "jwt" && auth.private_key_file) {
      auth.private_key_file = resolvePath(options.baseDir, auth.private_key_file);
    }
  }
  const monitoringLevel = config.monitoring?.log_level;
  if (monitoringLevel && !hasLoggingLevel(interpolated)) config.logging.level = monitoringLevel;
  return deepFreeze(config);
}

// --- internal ---

/** "invalid YAML at line 3, column 19: Unexpected ...", with a hint for an unquoted ${VAR}. */
function toYamlProblem(error: YAMLError, text: string): ConfigProblem {
  const start = error.linePos?.[0];
  const what = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  if (!start) return { path: "", message: `invalid YAML: ${what}` };
  const variable = /\$\{[^}]*\}/.exec(text.split("\n")[start.line - 1] ?? "")?.[0];
  // `{` opens a flow map, so an unquoted ${VAR} inside { } or [ ] is not a value
  const hint = variable
    ? ` (a \${VAR} inside { } or [ ] must be quoted; quote it: "${variable}")`
    : "";
  return {
    path: "",
    message: `invalid YAML at line ${start.line}, column ${start.col}: ${what}${hint}`,
  };
}

function hasLoggingLevel(raw: object): boolean {
  const logging = (raw as { logging?: unknown }).logging;
  return typeof logging === "object" && logging !== null && "level" in logging;
}

function resolvePath(baseDir: string, path: string): string {
  return path === ":memory:" || isAbsolute(path) ? path : resolve(baseDir, path);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
