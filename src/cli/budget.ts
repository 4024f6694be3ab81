// `llm-proxy budget list [--json]`: every project and token budget with its spend this period.
// Reservations live in the serving processes: with shared.redis they are read from Redis,
// otherwise the CLI cannot see them and shows 0.

import { defineCommand } from "citty";
import { createBudgetLedger, createSharedBudgetLedger } from "../auth/index.ts";
import { systemClock } from "../shared/index.ts";
import { createSharedState } from "../store/index.ts";
import { configArg, rejectUnknownFlags } from "./_flags.ts";
import { withRepositories } from "./_store.ts";

const listArgs = {
  ...configArg,
  json: {
    type: "boolean",
    description: "Print [{scope, name, budget_usd, period, spent_usd, reserved_usd, resets_at}]",
  },
} as const;

export const budgetCommand = defineCommand({
  meta: { name: "budget", description: "Project and token budgets and what they have spent" },
  subCommands: {
    list: defineCommand({
      meta: { name: "list", description: "List budgets (a token's is named by its id)" },
      args: listArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, listArgs);
        const budgets = await withRepositories(args.config, async (repositories, config) => {
          const common = {
            repository: repositories.budgets,
            clock: systemClock,
            alertAt: () => config.budgets.alert_at,
            onAlert: () => {},
            onError: (error: unknown) => {
              throw error;
            },
          };
          if (!config.shared) return createBudgetLedger(common).list();
          const shared = createSharedState(config.shared, { clock: systemClock });
          try {
            return await createSharedBudgetLedger({
              ...common,
              counters: shared.budgets,
              failMode: "open",
              onUnavailable: () => {},
              reservationTtlMs: () => 0,
            }).list();
          } finally {
            shared.close();
          }
        });
        if (args.json) {
          console.log(JSON.stringify(budgets));
          return;
        }
        if (budgets.length === 0) console.error("no budgets");
        for (const row of budgets) {
          console.log(
            `${row.scope} ${row.name}  spent $${row.spent_usd.toFixed(4)} of $${row.budget_usd.toFixed(2)} ${row.period}  resets ${row.resets_at ?? "never"}`,
          );
        }
      },
    }),
  },
});
