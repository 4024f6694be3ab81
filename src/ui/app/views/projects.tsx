// Projects and tokens: create projects and tokens (the secret is shown once), disable or enable
// a project, edit a token's limits, revoke a token.

import { useState } from "preact/hooks";
import { type ApiError, api } from "../api.ts";
import { Badge, Page } from "../components/page.tsx";
import { Empty, ErrorNotice, LoadedView } from "../components/states.tsx";
import { formatTime } from "../format.ts";
import type { CreatedToken, Project, Token } from "../types.ts";
import { useLoad } from "../use-load.ts";
import { SecretReveal, TokenForm } from "./token-form.tsx";
import { TokenTable } from "./token-table.tsx";

export function Projects() {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const { state, reload } = useLoad(async () => {
    const [projects, tokens] = await Promise.all([
      api<{ projects: Project[] }>("GET", "/admin/projects"),
      api<{ tokens: Token[] }>("GET", "/admin/tokens"),
    ]);
    return { projects: projects.projects, tokens: tokens.tokens };
  }, []);
  const onCreated = (token: CreatedToken) => {
    setCreated(token);
    reload();
  };
  return (
    <Page
      title="Projects and tokens"
      description="Client tokens authenticate applications; each belongs to a project."
    >
      {created && <SecretReveal token={created} onDone={() => setCreated(null)} />}
      <LoadedView state={state} onRetry={reload}>
        {(data) => (
          <div class="split">
            <div>
              <TokenForm projects={data.projects} onCreated={onCreated} />
              <TokenTable tokens={data.tokens} onChanged={reload} />
            </div>
            <ProjectList projects={data.projects} onChanged={reload} />
          </div>
        )}
      </LoadedView>
    </Page>
  );
}

// --- internal ---

function ProjectList({ projects, onChanged }: { projects: Project[]; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught: unknown) {
      setError(caught as ApiError);
    }
  };
  return (
    <section class="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      {error && <ErrorNotice error={error} />}
      <NewProject onCreate={(name) => run(() => api("POST", "/admin/projects", { name }))} />
      {projects.length === 0 ? (
        <Empty title="No projects yet">Creating a token creates its project too.</Empty>
      ) : (
        <ul class="project-list">
          {projects.map((project) => (
            <ProjectItem
              key={project.id}
              project={project}
              onToggle={() =>
                run(() =>
                  api("PATCH", `/admin/projects/${encodeURIComponent(project.name)}`, {
                    active: !project.active,
                  }),
                )
              }
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function NewProject({ onCreate }: { onCreate: (name: string) => Promise<void> }) {
  const [name, setName] = useState("");
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name) void onCreate(name).then(() => setName(""));
      }}
    >
      <label>
        <span class="sr-only">New project name</span>
        <input
          name="project-name"
          placeholder="new-project"
          pattern="[A-Za-z0-9._\-]{1,64}"
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button">
        Add project
      </button>
    </form>
  );
}

function ProjectItem({ project, onToggle }: { project: Project; onToggle: () => void }) {
  return (
    <li data-project={project.name}>
      <div>
        <strong>{project.name}</strong>{" "}
        <Badge tone={project.active ? "ok" : "bad"}>{project.active ? "active" : "disabled"}</Badge>
        <div class="muted small">
          {project.tokens} token{project.tokens === 1 ? "" : "s"} · since{" "}
          {formatTime(project.created_at)}
        </div>
      </div>
      <button type="button" class="button small" onClick={onToggle}>
        {project.active ? "Disable" : "Enable"}
      </button>
    </li>
  );
}
