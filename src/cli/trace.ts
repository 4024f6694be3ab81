// `llm-proxy trace list|show ID|export [--since] [--format jsonl]`: traces from the store.

import { defineCommand } from "citty";
import { configuredSecrets } from "../config/index.ts";
import { withStreamText } from "../observability/index.ts";
import { createRedactor } from "../shared/index.ts";
import type { TraceRepository } from "../store/index.ts";
import { UsageError } from "./_errors.ts";
import { configArg, parseDurationFlag, rejectUnknownFlags } from "./_flags.ts";
import { withRepositories } from "./_store.ts";

const listArgs = {
  ...configArg,
  since: { type: "string", description: "How far back, e.g. 1h, 7d (default 24h)" },
  limit: { type: "string", description: "At most this many (default 50)" },
  json: { type: "boolean", description: "Print [{id, request_id, time, model, provider, status}]" },
} as const;
const showArgs = {
  ...configArg,
  id: { type: "positional", description: "Trace id (trc_...) or request id", required: true },
  json: { type: "boolean", description: "Print the whole trace as JSON" },
} as const;
const exportArgs = {
  ...configArg,
  since: { type: "string", description: "How far back (default 24h)" },
  format: { type: "string", description: "jsonl (the only format)" },
} as const;

export const traceCommand = defineCommand({
  meta: { name: "trace", description: "List, show and export request traces" },
  subCommands: {
    list: defineCommand({
      meta: { name: "list", description: "Recent traces, newest first" },
      args: listArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, listArgs);
        const since = Date.now() - parseDurationFlag("since", args.since ?? "24h");
        const limit = Number(args.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1) {
          throw new UsageError(`--limit: expected a whole number above 0, got "${args.limit}"`);
        }
        await withTraces(args.config, async (traces) => {
          const rows = (await traces.list({ since, limit })).map((trace) => ({
            id: trace.id,
            request_id: trace.request_id,
            time: new Date(trace.at).toISOString(),
            model: trace.model,
            provider: trace.provider,
            status: trace.status,
          }));
          if (args.json) {
            console.log(JSON.stringify(rows));
            return;
          }
          if (rows.length === 0) console.error("no traces");
          for (const row of rows) {
            console.log(
              `${row.id}  ${row.time}  ${row.status}  ${row.provider ?? "-"}  ${row.model ?? "-"}  ${row.request_id}`,
            );
          }
        });
      },
    }),
    show: defineCommand({
      meta: { name: "show", description: "One trace with headers (redacted) and bodies" },
      args: showArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, showArgs);
        await withTraces(args.config, async (traces) => {
          const trace = await traces.get(args.id);
          if (!trace) throw new UsageError(`no trace "${args.id}"`);
          const view = { ...trace, time: new Date(trace.at).toISOString() };
          console.log(args.json ? JSON.stringify(view) : JSON.stringify(view, null, 2));
        });
      },
    }),
    export: defineCommand({
      meta: { name: "export", description: "Every trace since a time, one JSON object per line" },
      args: exportArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, exportArgs);
        if (args.format !== undefined && args.format !== "jsonl") {
          throw new UsageError(`--format: expected jsonl, got "${args.format}"`);
        }
        const since = Date.now() - parseDurationFlag("since", args.since ?? "24h");
        await withTraces(args.config, async (traces) => {
          const summaries = await traces.list({ since, limit: Number.MAX_SAFE_INTEGER });
          for (const summary of summaries.reverse()) {
            const trace = await traces.get(summary.id);
            if (trace) console.log(JSON.stringify(trace));
          }
        });
      },
    }),
  },
});

// --- internal ---

async function withTraces(
  configFlag: string | undefined,
  action: (traces: TraceRepository) => Promise<void>,
): Promise<void> {
  await withRepositories(configFlag, (repositories, config) => {
    const redact = createRedactor(configuredSecrets(config));
    return action(withStreamText(repositories.traces, redact));
  });
}
