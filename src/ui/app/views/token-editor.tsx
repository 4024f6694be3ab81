// Editing a token in its row: name, rate limits, request cap, models and budget
// (PATCH /admin/tokens/ID; an emptied field removes that limit or the budget).

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import {
  type BudgetDraft,
  BudgetFields,
  budgetChangeOf,
  budgetDraftOf,
} from "../components/budget-fields.tsx";
import { Field } from "../components/field.tsx";
import { ErrorNotice } from "../components/states.tsx";
import type { Token } from "../types.ts";
import { useAction } from "../use-load.ts";

type Draft = {
  name: string;
  rpm: string;
  tpm: string;
  max_requests: string;
  models: string;
  budget: BudgetDraft;
};

export function TokenEditor(props: {
  token: Token;
  columns: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { token } = props;
  const [draft, setDraft] = useState<Draft>(draftOf(token));
  const { error, run } = useAction(() => {
    props.onClose();
    props.onSaved();
  });
  const save = (event: Event) => {
    event.preventDefault();
    const body = changesOf(draft, token);
    void run(async () => {
      if (Object.keys(body).length > 0)
        await api("PATCH", `/admin/tokens/${encodeURIComponent(token.id)}`, body);
    });
  };
  return (
    <tr class="editing">
      <td colSpan={props.columns}>
        <form onSubmit={save} class="form-grid" aria-label={`Edit token ${token.prefix}`}>
          <EditorFields draft={draft} onChange={setDraft} />
          <div class="form-buttons">
            <button type="submit" class="button primary">
              Save
            </button>
            <button type="button" class="button" onClick={props.onClose}>
              Cancel
            </button>
          </div>
        </form>
        {error && <ErrorNotice error={error} />}
      </td>
    </tr>
  );
}

// --- internal ---

function EditorFields({ draft, onChange }: { draft: Draft; onChange: (draft: Draft) => void }) {
  const input = (key: Exclude<keyof Draft, "budget">, numeric = false) => {
    const onInput = (event: { currentTarget: HTMLInputElement }) =>
      onChange({ ...draft, [key]: event.currentTarget.value });
    return numeric ? (
      <input name={key} type="number" min="1" value={draft[key]} onInput={onInput} />
    ) : (
      <input name={key} value={draft[key]} onInput={onInput} />
    );
  };
  return (
    <>
      <Field label="Name">{input("name")}</Field>
      <Field label="Requests / minute" hint="empty = no limit">
        {input("rpm", true)}
      </Field>
      <Field label="Tokens / minute" hint="empty = no limit">
        {input("tpm", true)}
      </Field>
      <Field label="Max requests" hint="empty = no limit">
        {input("max_requests", true)}
      </Field>
      <Field label="Models" hint="empty = all">
        {input("models")}
      </Field>
      <BudgetFields draft={draft.budget} onChange={(budget) => onChange({ ...draft, budget })} />
    </>
  );
}

function draftOf(token: Token): Draft {
  return {
    name: token.name,
    rpm: token.rpm?.toString() ?? "",
    tpm: token.tpm?.toString() ?? "",
    max_requests: token.max_requests?.toString() ?? "",
    models: token.models?.join(", ") ?? "",
    budget: budgetDraftOf(token),
  };
}

/** What the edit changes, and only that: an emptied field removes its limit (null), as PATCH defines. */
function changesOf(draft: Draft, token: Token): Record<string, unknown> {
  const count = (text: string) => (text.trim() === "" ? null : Number(text));
  const models = draft.models
    .split(",")
    .map((model) => model.trim())
    .filter(Boolean);
  const wanted: Record<string, unknown> = {
    name: draft.name,
    rpm: count(draft.rpm),
    tpm: count(draft.tpm),
    max_requests: count(draft.max_requests),
    models: models.length > 0 ? models : null,
  };
  const current: Record<string, unknown> = token;
  const changed = Object.entries(wanted).filter(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key]),
  );
  return { ...Object.fromEntries(changed), ...budgetChangeOf(draft.budget, token) };
}
