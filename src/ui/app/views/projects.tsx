// Projects and tokens: create projects and tokens (the secret is shown once), disable or enable
// a project, set its budget, edit a token's limits and budget, revoke a token.

import { useState } from "preact/hooks";
import { ApiError, api } from "../api.ts";
import { Page } from "../components/page.tsx";
import { LoadedView } from "../components/states.tsx";
import type { BudgetStatus, CreatedToken, Project, Token } from "../types.ts";
import { useLoad } from "../use-load.ts";
import { ProjectList } from "./project-list.tsx";
import { SecretReveal, TokenForm } from "./token-form.tsx";
import { TokenTable } from "./token-table.tsx";

export function Projects() {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const { state, reload } = useLoad(async () => {
    const [projects, tokens, budgets] = await Promise.all([
      api<{ projects: Project[] }>("GET", "/admin/projects"),
      api<{ tokens: Token[] }>("GET", "/admin/tokens"),
      budgetStatuses(),
    ]);
    return { projects: projects.projects, tokens: tokens.tokens, budgets };
  }, []);
  const onCreated = (token: CreatedToken) => {
    setCreated(token);
    reload();
  };
  return (
    <Page
      title="Projects and tokens"
      description="Client tokens authenticate applications; each belongs to a project. Budgets cap what a project or a token may spend."
      actions={
        <button type="button" class="button refresh" onClick={reload}>
          Refresh
        </button>
      }
    >
      {created && <SecretReveal token={created} onDone={() => setCreated(null)} />}
      <LoadedView state={state} onRetry={reload}>
        {(data) => (
          <div class="split">
            <div>
              <TokenForm projects={data.projects} onCreated={onCreated} />
              <TokenTable tokens={data.tokens} budgets={data.budgets} onChanged={reload} />
            </div>
            <ProjectList projects={data.projects} budgets={data.budgets} onChanged={reload} />
          </div>
        )}
      </LoadedView>
    </Page>
  );
}

// --- internal ---

/** Every budget's spend; null when the proxy keeps none (404: auth.mode is not tokens). */
async function budgetStatuses(): Promise<BudgetStatus[] | null> {
  try {
    return await api<BudgetStatus[]>("GET", "/admin/budgets");
  } catch (error: unknown) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
