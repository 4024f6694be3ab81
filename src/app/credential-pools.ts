// The credential pool of every provider with `keys` or `auth`, built the same way by a start, a
// reload and `config validate`: every provider's problem is reported with its dotted path.

import { type Config, ConfigError, type ConfigProblem } from "../config/index.ts";
import {
  CredentialConfigError,
  type CredentialDeps,
  type CredentialPool,
  createCredentialPool,
} from "../credentials/index.ts";
import { providerFor } from "../providers/index.ts";

export type PoolDeps = Omit<CredentialDeps, "applyKey">;

/**
 * Throws a ConfigError named for `source` listing every provider whose secrets file or key is
 * unusable; a previous pool (before a reload) hands its credentials' state to the new one.
 */
export function buildCredentialPools(
  config: Config,
  deps: PoolDeps,
  source: string,
  previous?: ReadonlyMap<string, CredentialPool>,
): Map<string, CredentialPool> {
  const pools = new Map<string, CredentialPool>();
  const problems: ConfigProblem[] = [];
  for (const [index, provider] of config.providers.entries()) {
    const kind = providerFor(provider);
    const applyKey = (headers: Headers, secret: string) => kind.applyCredential(headers, secret);
    try {
      const pool = createCredentialPool(
        provider,
        { ...deps, applyKey },
        previous?.get(provider.name),
      );
      if (pool) pools.set(provider.name, pool);
    } catch (error: unknown) {
      if (!(error instanceof CredentialConfigError)) throw error;
      problems.push(toConfigProblem(error, index));
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return pools;
}

// --- internal ---

function toConfigProblem(error: CredentialConfigError, index: number): ConfigProblem {
  const { field, file } = error.source;
  const message = file === undefined ? error.problem : `${file}: ${error.problem}`;
  return { path: `providers[${index}].${field}`, message };
}
