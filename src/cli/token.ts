// `llm-proxy token create|list|revoke`: client tokens, usable while the server runs.

import { defineCommand } from "citty";
import { budgetArgs, parseBudgetFlags } from "./_budget-flags.ts";
import { configArg, parseDurationFlag, parseIntegerFlag, rejectUnknownFlags } from "./_flags.ts";
import { withManagement } from "./_store.ts";

const createArgs = {
  ...configArg,
  project: { type: "string", description: "Project (created when missing)", required: true },
  name: { type: "string", description: "A label for the token" },
  expires: { type: "string", description: "Lifetime, e.g. 90s, 12h, 30d (default: never)" },
  models: { type: "string", description: "Allowed model globs, comma-separated (default: any)" },
  rpm: { type: "string", description: "Requests per minute limit" },
  tpm: { type: "string", description: "Tokens per minute limit" },
  maxRequests: { type: "string", description: "Total requests before the token stops working" },
  ...budgetArgs,
  json: { type: "boolean", description: "Print {id, token, project, name, expires_at}" },
} as const;

const listArgs = {
  ...configArg,
  project: { type: "string", description: "Only this project's tokens" },
  json: { type: "boolean", description: "Print JSON" },
} as const;

const revokeArgs = {
  ...configArg,
  id: { type: "positional", description: "Token id (tok_...)", required: true },
  json: { type: "boolean", description: "Print the revoked token as JSON" },
} as const;

export const tokenCommand = defineCommand({
  meta: { name: "token", description: "Create, list and revoke client tokens" },
  subCommands: {
    create: defineCommand({
      meta: { name: "create", description: "Create a client token (printed once)" },
      args: createArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, createArgs);
        const expiresMs =
          args.expires === undefined ? undefined : parseDurationFlag("expires", args.expires);
        const options = {
          project: args.project,
          name: args.name,
          expiresAt: expiresMs === undefined ? undefined : Date.now() + expiresMs,
          models: args.models
            ?.split(",")
            .map((glob) => glob.trim())
            .filter(Boolean),
          rpm: parseIntegerFlag("rpm", args.rpm, 1, Number.MAX_SAFE_INTEGER),
          tpm: parseIntegerFlag("tpm", args.tpm, 1, Number.MAX_SAFE_INTEGER),
          maxRequests: parseIntegerFlag(
            "max-requests",
            args.maxRequests,
            1,
            Number.MAX_SAFE_INTEGER,
          ),
          budget: parseBudgetFlags(args, false) ?? undefined,
        };
        await withManagement(args.config, async (management) => {
          const created = await management.createToken(options);
          if (created.projectCreated) console.error(`created project "${created.project.name}"`);
          const view = await management.viewOf(created.token);
          if (args.json) {
            const { id, project, name, expires_at } = view;
            console.log(JSON.stringify({ id, token: created.secret, project, name, expires_at }));
            return;
          }
          console.error(
            `token ${view.id} for project "${view.project}"${view.expires_at ? `, expires ${view.expires_at}` : ""}. It is shown only now:`,
          );
          console.log(created.secret);
        });
      },
    }),
    list: defineCommand({
      meta: { name: "list", description: "List tokens (never their secrets)" },
      args: listArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, listArgs);
        await withManagement(args.config, async (management) => {
          const views = await management.viewsOf(await management.listTokens(args.project));
          if (args.json) {
            console.log(
              JSON.stringify(
                views.map((view) => ({
                  id: view.id,
                  prefix: view.prefix,
                  project: view.project,
                  name: view.name,
                  created_at: view.created_at,
                  expires_at: view.expires_at,
                  revoked_at: view.revoked_at,
                  last_used_at: view.last_used_at,
                  request_count: view.request_count,
                })),
              ),
            );
            return;
          }
          if (views.length === 0) console.error("no tokens");
          for (const view of views) {
            const state = view.revoked_at
              ? "revoked"
              : expired(view.expires_at)
                ? "expired"
                : "active";
            console.log(
              `${view.id}  ${view.prefix}…  ${view.project}  ${state}  ${view.name || "-"}  requests=${view.request_count}  last_used=${view.last_used_at ?? "never"}`,
            );
          }
        });
      },
    }),
    revoke: defineCommand({
      meta: {
        name: "revoke",
        description: "Revoke a token (a running server stops accepting it within 5 s)",
      },
      args: revokeArgs,
      run: async ({ args, rawArgs }) => {
        rejectUnknownFlags(rawArgs, revokeArgs);
        await withManagement(args.config, async (management) => {
          const revoked = await management.viewOf(await management.revokeToken(args.id));
          if (args.json) console.log(JSON.stringify(revoked));
          else console.error(`revoked ${revoked.id} (project "${revoked.project}")`);
        });
      },
    }),
  },
});

function expired(expiresAt: string | null): boolean {
  return expiresAt !== null && Date.parse(expiresAt) <= Date.now();
}
