// `llm-proxy usage [--since 24h] [--by project|token|model|provider] [--json]`.

import { defineCommand } from "citty";
import { type UsageGrouping, usageGroupings } from "../store/index.ts";
import { UsageError } from "./_errors.ts";
import { configArg, parseDurationFlag, rejectUnknownFlags } from "./_flags.ts";
import { withRepositories } from "./_store.ts";

const args = {
  ...configArg,
  since: { type: "string", description: "How far back, e.g. 90s, 12h, 30d (default 24h)" },
  by: { type: "string", description: `Group by ${usageGroupings.join(", ")} (default project)` },
  json: {
    type: "boolean",
    description:
      "Print [{<by>, requests, input_tokens, output_tokens, errors, cost_usd, unpriced_requests}]",
  },
} as const;

export const usageCommand = defineCommand({
  meta: {
    name: "usage",
    description: "Requests, tokens and cost per project, token, model or provider",
  },
  args,
  run: async ({ args: flags, rawArgs }) => {
    rejectUnknownFlags(rawArgs, args);
    const sinceMs = parseDurationFlag("since", flags.since ?? "24h");
    const by = (flags.by ?? "project") as UsageGrouping;
    if (!usageGroupings.includes(by)) {
      throw new UsageError(`--by: expected one of ${usageGroupings.join(", ")}, got "${flags.by}"`);
    }
    const since = Date.now() - sinceMs;
    const rows = await withRepositories(flags.config, (repositories) =>
      repositories.usage.summarize(since, by),
    );
    if (flags.json) {
      console.log(JSON.stringify(rows.map(({ key, ...counts }) => ({ [by]: key, ...counts }))));
      return;
    }
    if (rows.length === 0) console.error(`no requests in the last ${flags.since ?? "24h"}`);
    for (const row of rows) {
      const unpriced = row.unpriced_requests > 0 ? `  unpriced=${row.unpriced_requests}` : "";
      console.log(
        `${row.key ?? "-"}  requests=${row.requests}  input_tokens=${row.input_tokens}  output_tokens=${row.output_tokens}  errors=${row.errors}  cost=${formatUsd(row.cost_usd)}${unpriced}`,
      );
    }
  },
});

// --- internal ---

/** "$0.0123"; "-" when nothing in the group had a price. */
function formatUsd(usd: number | null): string {
  return usd === null ? "-" : `$${usd.toFixed(4)}`;
}
