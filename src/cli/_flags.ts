// Shared CLI plumbing: unknown-flag detection and config resolution (-c, env, ./proxy.config.yaml).

import type { ArgsDef } from "citty";
import { type Config, checkDuration, loadConfig } from "../config/index.ts";
import { UsageError } from "./_errors.ts";

export const configArg = {
  config: {
    type: "string",
    alias: "c",
    description: "Config file (default: $LLM_PROXY_CONFIG, then ./proxy.config.yaml)",
    valueHint: "FILE",
  },
} as const satisfies ArgsDef;

/** citty accepts any flag; a typo must not be silently ignored. */
export function rejectUnknownFlags(rawArgs: string[], args: ArgsDef): void {
  const known = new Set<string>(["help", "h"]);
  for (const [name, def] of Object.entries(args)) {
    known.add(name);
    known.add(toKebab(name));
    if (def.type === "boolean") known.add(`no-${toKebab(name)}`);
    const aliases = "alias" in def ? def.alias : undefined;
    for (const alias of typeof aliases === "string" ? [aliases] : (aliases ?? [])) known.add(alias);
  }
  for (const raw of rawArgs) {
    if (raw === "--") break;
    if (!raw.startsWith("-") || /^-\d/.test(raw)) continue;
    const name = raw.replace(/^--?/, "").split("=")[0] ?? "";
    if (!known.has(name)) throw new UsageError(`unknown option ${raw.split("=")[0]}`);
  }
}

export function configPathFrom(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): string {
  return flag ?? env.LLM_PROXY_CONFIG ?? "./proxy.config.yaml";
}

export function loadCliConfig(flag: string | undefined): Promise<Config> {
  return loadConfig({ path: configPathFrom(flag, process.env), env: process.env });
}

export function parseIntegerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(
      `--${name}: expected a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return number;
}

/** A positive duration flag (90s, 12h, 30d), at most the longest duration anything accepts. */
export function parseDurationFlag(name: string, value: string): number {
  const checked = checkDuration(value);
  if ("problem" in checked) throw new UsageError(`--${name}: ${checked.problem}`);
  if (checked.ms <= 0)
    throw new UsageError(`--${name}: expected a duration above 0, got "${value}"`);
  return checked.ms;
}

// --- internal ---

function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
