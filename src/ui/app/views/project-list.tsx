// The projects panel: add a project, disable or enable one, and set, change or remove its budget.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import {
  type BudgetBody,
  BudgetFields,
  budgetChangeOf,
  budgetDraftOf,
} from "../components/budget-fields.tsx";
import { BudgetMeter, findBudget } from "../components/budget-meter.tsx";
import { Badge } from "../components/page.tsx";
import { Empty, ErrorNotice } from "../components/states.tsx";
import { formatTime } from "../format.ts";
import type { BudgetStatus, Project } from "../types.ts";
import { useAction } from "../use-load.ts";

export function ProjectList(props: {
  projects: Project[];
  budgets: BudgetStatus[] | null;
  onChanged: () => void;
}) {
  const { error, run } = useAction(props.onChanged);
  const patch = (project: Project, body: Record<string, unknown>) =>
    run(() => api("PATCH", `/admin/projects/${encodeURIComponent(project.name)}`, body));
  return (
    <section class="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      {error && <ErrorNotice error={error} />}
      <NewProject onCreate={(name) => run(() => api("POST", "/admin/projects", { name }))} />
      {props.projects.length === 0 ? (
        <Empty title="No projects yet">Creating a token creates its project too.</Empty>
      ) : (
        <ul class="project-list">
          {props.projects.map((project) => (
            <ProjectItem
              key={project.id}
              project={project}
              budget={findBudget(props.budgets, "project", project.name)}
              onToggle={() => patch(project, { active: !project.active })}
              onBudget={(body) => patch(project, body)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

// --- internal ---

function NewProject({ onCreate }: { onCreate: (name: string) => Promise<boolean> }) {
  const [name, setName] = useState("");
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name) void onCreate(name).then((created) => created && setName(""));
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

function ProjectItem(props: {
  project: Project;
  budget: BudgetStatus | null | undefined;
  onToggle: () => void;
  onBudget: (body: BudgetBody) => Promise<boolean>;
}) {
  const { project } = props;
  const [editing, setEditing] = useState(false);
  return (
    <li data-project={project.name}>
      <div class="project-head">
        <ProjectSummary project={project} />
        <div class="row-actions">
          <button
            type="button"
            class="button small budget-edit"
            aria-expanded={editing}
            onClick={() => setEditing(!editing)}
          >
            Budget
          </button>
          <button type="button" class="button small" onClick={props.onToggle}>
            {project.active ? "Disable" : "Enable"}
          </button>
        </div>
      </div>
      {editing ? (
        <BudgetEditor
          project={project}
          onClose={() => setEditing(false)}
          onSave={(body) => props.onBudget(body).then((saved) => saved && setEditing(false))}
        />
      ) : (
        <BudgetMeter budget={project} status={props.budget} />
      )}
    </li>
  );
}

function ProjectSummary({ project }: { project: Project }) {
  return (
    <div>
      <strong>{project.name}</strong>{" "}
      <Badge tone={project.active ? "ok" : "bad"}>{project.active ? "active" : "disabled"}</Badge>
      <div class="muted small">
        {project.tokens} token{project.tokens === 1 ? "" : "s"} · since{" "}
        {formatTime(project.created_at)}
      </div>
    </div>
  );
}

function BudgetEditor(props: {
  project: Project;
  onClose: () => void;
  onSave: (body: BudgetBody) => Promise<unknown>;
}) {
  const { project } = props;
  const [draft, setDraft] = useState(budgetDraftOf(project));
  const save = (event: Event) => {
    event.preventDefault();
    const change = budgetChangeOf(draft, project);
    if (Object.keys(change).length === 0) props.onClose();
    else void props.onSave(change);
  };
  return (
    <form class="budget-editor" onSubmit={save} aria-label={`Budget of ${project.name}`}>
      <BudgetFields draft={draft} onChange={setDraft} />
      <div class="form-buttons">
        <button type="submit" class="button small primary">
          Save
        </button>
        {project.budget_usd !== null && (
          <button
            type="button"
            class="button small danger"
            onClick={() => void props.onSave({ budget_usd: null })}
          >
            Remove
          </button>
        )}
        <button type="button" class="button small" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
