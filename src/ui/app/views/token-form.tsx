// Creating a client token (limits and a budget optional), and showing its secret once (it cannot
// be shown again).

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { type BudgetDraft, BudgetFields, budgetBodyOf } from "../components/budget-fields.tsx";
import { Field } from "../components/field.tsx";
import { ErrorNotice } from "../components/states.tsx";
import type { CreatedToken, Project } from "../types.ts";
import { useAction } from "../use-load.ts";

type Draft = {
  project: string;
  name: string;
  expires: string;
  models: string;
  rpm: string;
  tpm: string;
  max: string;
  budget: BudgetDraft;
};
const blank: Omit<Draft, "project"> = {
  name: "",
  expires: "",
  models: "",
  rpm: "",
  tpm: "",
  max: "",
  budget: { amount: "", period: "month" },
};

export function TokenForm(props: {
  projects: Project[];
  onCreated: (token: CreatedToken) => void;
}) {
  const [draft, setDraft] = useState<Draft>({
    ...blank,
    project: props.projects[0]?.name ?? "default",
  });
  const { error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      props.onCreated(await api<CreatedToken>("POST", "/admin/tokens", toBody(draft)));
      setDraft({ ...blank, project: draft.project });
    });
  };
  return (
    <form class="panel token-form" onSubmit={submit} aria-labelledby="new-token-title">
      <h2 id="new-token-title">New token</h2>
      <TokenFields draft={draft} onChange={setDraft} />
      <datalist id="project-names">
        {props.projects.map((project) => (
          <option key={project.id} value={project.name} />
        ))}
      </datalist>
      {error && <ErrorNotice error={error} />}
      <button type="submit" class="button primary">
        Create token
      </button>
    </form>
  );
}

export function SecretReveal({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(token.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div class="notice notice-secret" role="status">
      <strong>Token created for {token.project}. Copy it now: it is shown only this once.</strong>
      <div class="secret-row">
        <input
          class="secret"
          readOnly
          value={token.token}
          aria-label="New token"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" class="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p class="muted small">
        Use it as the API key: Authorization: Bearer, or x-api-key for Anthropic SDKs.
      </p>
    </div>
  );
}

// --- internal ---

function TokenFields({ draft, onChange }: { draft: Draft; onChange: (draft: Draft) => void }) {
  const field = (key: Exclude<keyof Draft, "budget">) => ({
    name: key,
    value: draft[key],
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      onChange({ ...draft, [key]: event.currentTarget.value }),
  });
  return (
    <div class="form-grid">
      <Field label="Project" hint="created if new">
        <input {...field("project")} list="project-names" required />
      </Field>
      <Field label="Name">
        <input {...field("name")} placeholder="ci, web-app…" />
      </Field>
      <Field label="Expires in" hint="e.g. 30d, 12h; empty = never">
        <input {...field("expires")} />
      </Field>
      <Field label="Models" hint="globs, comma-separated; empty = all">
        <input {...field("models")} placeholder="gpt-4o*, claude-*" />
      </Field>
      <Field label="Requests / minute">
        <input {...field("rpm")} type="number" min="1" />
      </Field>
      <Field label="Tokens / minute">
        <input {...field("tpm")} type="number" min="1" />
      </Field>
      <Field label="Max requests">
        <input {...field("max")} type="number" min="1" />
      </Field>
      <BudgetFields draft={draft.budget} onChange={(budget) => onChange({ ...draft, budget })} />
    </div>
  );
}

function toBody(draft: Draft): Record<string, unknown> {
  const count = (text: string) => (text.trim() === "" ? undefined : Number(text));
  const models = draft.models
    .split(",")
    .map((model) => model.trim())
    .filter(Boolean);
  return {
    project: draft.project.trim(),
    name: draft.name.trim() || undefined,
    expires: draft.expires.trim() || undefined,
    models: models.length > 0 ? models : undefined,
    rpm: count(draft.rpm),
    tpm: count(draft.tpm),
    max_requests: count(draft.max),
    ...budgetBodyOf(draft.budget),
  };
}
