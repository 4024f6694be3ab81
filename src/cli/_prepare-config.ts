// The checks a start runs beyond the config file itself, in one function that `serve`,
// `config validate` (and, later, a reload) all call: every credential file and key is loaded.

import { createCredentialPools } from "../app.ts";
import { type Config, ConfigError, type ConfigProblem } from "../config/index.ts";
import { CredentialConfigError, type CredentialPool } from "../credentials/index.ts";

export type PreparedConfig = {
  config: Config;
  /** The pools a start serves with: the very ones that were checked. */
  credentials: Map<string, CredentialPool>;
};

/**
 * Builds what a start needs from a loaded config, or throws a ConfigError (named for `source`)
 * with every problem and its dotted path; a pool that cannot be built fails only its provider.
 */
export async function prepareConfig(config: Config, source: string): Promise<PreparedConfig> {
  const credentials = new Map<string, CredentialPool>();
  const problems: ConfigProblem[] = [];
  for (const [index, provider] of config.providers.entries()) {
    try {
      // one provider at a time, so that each one's problem is reported, not only the first
      const pools = await createCredentialPools({ ...config, providers: [provider] });
      for (const [name, pool] of pools) credentials.set(name, pool);
    } catch (error: unknown) {
      if (!(error instanceof CredentialConfigError)) throw error;
      problems.push(toConfigProblem(error, index));
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { config, credentials };
}

// --- internal ---

function toConfigProblem(error: CredentialConfigError, index: number): ConfigProblem {
  const { field, file } = error.source;
  const message = file === undefined ? error.problem : `${file}: ${error.problem}`;
  return { path: `providers[${index}].${field}`, message };
}
