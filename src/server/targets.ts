// Builds the runtime upstream targets (provider implementation, credential, timeouts) once.

import type { Config, ProviderConfig } from "../config/index.ts";
import { providerFor } from "../providers/index.ts";
import type { Target } from "../upstream/index.ts";

export function createTargets(config: Config): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const provider of config.providers) targets.set(provider.name, toTarget(provider, config));
  return targets;
}

// --- internal ---

function toTarget(provider: ProviderConfig, config: Config): Target {
  const overrides = Object.fromEntries(
    Object.entries(provider.timeouts).filter(([, value]) => value !== undefined),
  );
  const baseUrl = provider.base_url ?? "mock://local/v1";
  const kind = providerFor(provider);
  return {
    name: provider.name,
    provider: kind,
    dialects: provider.dialects ?? kind.dialects,
    baseUrl,
    origin: new URL(baseUrl).origin,
    secret: provider.api_key || undefined,
    headers: { ...provider.headers },
    timeouts: { ...config.timeouts, ...overrides },
  };
}
