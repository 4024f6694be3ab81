// The checks a start runs beyond the config file itself, in one function that `serve` and
// `config validate` call, and a reload runs too (src/app builds its parts the same way): every
// credential file and key is loaded.

import { buildCredentialPools } from "../app.ts";
import type { Config } from "../config/index.ts";
import { systemClock } from "../shared/index.ts";

/** Throws a ConfigError (named for `source`) with every problem and its dotted path. */
export function checkStartConfig(config: Config, source: string): void {
  buildCredentialPools(config, { fetch: globalThis.fetch, clock: systemClock }, source);
}
