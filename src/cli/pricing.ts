// `llm-proxy pricing [--model GLOB] [--json]`: the effective prices (config overrides, then the
// built-in table) and where each comes from, in USD per million tokens.

import { defineCommand } from "citty";
import { createPriceTable, type PriceMatch, type PriceTable } from "../pricing/index.ts";
import { compileGlobs } from "../shared/index.ts";
import { configArg, loadCliConfig, rejectUnknownFlags } from "./_flags.ts";

const args = {
  ...configArg,
  model: {
    type: "string",
    description: "Only entries whose model matches this glob (a model name also shows its price)",
  },
  json: {
    type: "boolean",
    description: "Print [{model, provider, input, output, cache_read, cache_write, source}]",
  },
} as const;

export const pricingCommand = defineCommand({
  meta: { name: "pricing", description: "Show the price of each model and where it comes from" },
  args,
  run: async ({ args: flags, rawArgs }) => {
    rejectUnknownFlags(rawArgs, args);
    const config = await loadCliConfig(flags.config);
    const table = createPriceTable({ overrides: config.pricing, providers: config.providers });
    const now = Date.now();
    const providers = config.providers.map((provider) => provider.name);
    const rows = selectRows(table, flags.model, providers, now).map(toRow);
    if (flags.json) {
      console.log(JSON.stringify(rows));
      return;
    }
    const { source } = table;
    console.error(
      `USD per million tokens; built-in prices from ${source.package} ${source.version} (${source.license})`,
    );
    if (rows.length === 0) console.error(`no prices match "${flags.model}"`);
    for (const row of rows) {
      const tiers = row.tiers
        ? `  (higher above ${row.tiers[0]?.above_input_tokens} input tokens)`
        : "";
      console.log(
        `${row.model}  provider=${row.provider ?? "any"}  input=${row.input}  output=${row.output}  cache_read=${row.cache_read}  cache_write=${row.cache_write}  ${row.source}${tiers}`,
      );
    }
  },
});

// --- internal ---

function selectRows(
  table: PriceTable,
  glob: string | undefined,
  providers: readonly string[],
  now: number,
): PriceMatch[] {
  const all = table.list(now);
  if (glob === undefined) return all;
  const matches = compileGlobs([glob]);
  const rows = all.filter((row) => matches(row.model));
  if (/[*?]/.test(glob)) return rows;
  // a model name: also the entries that price it, through each configured provider
  for (const provider of [null, ...providers]) {
    const found = table.lookup(provider, glob, now);
    if (found && !rows.some((row) => sameEntry(row, found))) rows.push(found);
  }
  return rows;
}

function sameEntry(a: PriceMatch, b: PriceMatch): boolean {
  return a.source === b.source && a.model === b.model && a.provider === b.provider;
}

/** The effective prices: a missing cache price is the input price. */
function toRow(match: PriceMatch) {
  const { price } = match;
  return {
    model: match.model,
    provider: match.provider,
    input: price.input,
    output: price.output,
    cache_read: price.cache_read ?? price.input,
    cache_write: price.cache_write ?? price.input,
    source: match.source,
    ...(price.tiers ? { tiers: price.tiers } : {}),
  };
}
