// The model a provider is asked for: the routed model through the provider's model_map.

import type { ProviderConfig } from "../config/index.ts";

export function upstreamModelOf(provider: ProviderConfig, model: string): string;
export function upstreamModelOf(
  provider: ProviderConfig,
  model: string | undefined,
): string | undefined;
export function upstreamModelOf(
  provider: ProviderConfig,
  model: string | undefined,
): string | undefined {
  return model === undefined ? undefined : (provider.model_map[model] ?? model);
}
