// Picks the ordered candidate providers for a model: providers whose `models` globs match it.

import type { ProviderConfig } from "../config/index.ts";
import { compileGlobs, type GlobMatcher } from "./glob.ts";

export type Router = {
  /** Providers that serve the model, in config order; all providers when no model is named. */
  candidatesFor(model: string | undefined): ProviderConfig[];
};

export function createRouter(providers: readonly ProviderConfig[]): Router {
  const entries: { provider: ProviderConfig; serves: GlobMatcher }[] = providers.map(
    (provider) => ({
      provider,
      serves: compileGlobs(provider.models),
    }),
  );
  const all = providers.slice();
  return {
    candidatesFor(model) {
      if (model === undefined) return all;
      return entries.filter((entry) => entry.serves(model)).map((entry) => entry.provider);
    },
  };
}
