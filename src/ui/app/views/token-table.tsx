// The token list: status, limits and use of each token, editing its name and limits, revoking.

import { useState } from "preact/hooks";
import { type ApiError, api } from "../api.ts";
import { Badge } from "../components/page.tsx";
import { Empty, ErrorNotice } from "../components/states.tsx";
import { formatCount, formatRelative, formatTime } from "../format.ts";
import type { Token } from "../types.ts";
import { Field } from "./token-form.tsx";

export function TokenTable({ tokens, onChanged }: { tokens: Token[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const revoke = async (token: Token) => {
    if (
      !confirm(
        `Revoke ${token.prefix}… (${token.name || "unnamed"})? Applications using it stop working.`,
      )
    )
      return;
    setError(null);
    try {
      await api("DELETE", `/admin/tokens/${encodeURIComponent(token.id)}`);
      onChanged();
    } catch (caught: unknown) {
      setError(caught as ApiError);
    }
  };
  if (tokens.length === 0)
    return <Empty title="No tokens yet">Create one above; its secret is shown once.</Empty>;
  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      {error && <ErrorNotice error={error} />}
      <table class="table">
        <thead>
          <tr>
            <th>Token</th>
            <th>Project</th>
            <th>Status</th>
            <th>Limits</th>
            <th class="number">Requests</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) =>
            editing === token.id ? (
              <TokenEditor
                key={token.id}
                token={token}
                onClose={() => setEditing(null)}
                onSaved={onChanged}
              />
            ) : (
              <TokenRow
                key={token.id}
                token={token}
                onEdit={() => setEditing(token.id)}
                onRevoke={() => revoke(token)}
              />
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}

// --- internal ---

function TokenRow(props: { token: Token; onEdit: () => void; onRevoke: () => void }) {
  const { token } = props;
  const status = statusOf(token);
  return (
    <tr data-token={token.id}>
      <td>
        <code>{token.prefix}…</code> <span class="muted">{token.name}</span>
        <div class="muted small">created {formatTime(token.created_at)}</div>
      </td>
      <td>{token.project}</td>
      <td>
        <Badge tone={status === "active" ? "ok" : "bad"}>{status}</Badge>
      </td>
      <td class="small">{limitsOf(token)}</td>
      <td class="number">{formatCount(token.request_count)}</td>
      <td>{formatRelative(token.last_used_at)}</td>
      <td class="row-actions">
        {status === "active" && (
          <>
            <button type="button" class="button small" onClick={props.onEdit}>
              Edit
            </button>
            <button type="button" class="button small danger" onClick={props.onRevoke}>
              Revoke
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function TokenEditor(props: { token: Token; onClose: () => void; onSaved: () => void }) {
  const { token } = props;
  const [draft, setDraft] = useState({
    name: token.name,
    rpm: token.rpm?.toString() ?? "",
    tpm: token.tpm?.toString() ?? "",
    max_requests: token.max_requests?.toString() ?? "",
    models: token.models?.join(", ") ?? "",
  });
  const [error, setError] = useState<ApiError | null>(null);
  const input = (key: keyof typeof draft, numeric = false) => {
    const onInput = (event: { currentTarget: HTMLInputElement }) =>
      setDraft({ ...draft, [key]: event.currentTarget.value });
    return numeric ? (
      <input name={key} type="number" min="1" value={draft[key]} onInput={onInput} />
    ) : (
      <input name={key} value={draft[key]} onInput={onInput} />
    );
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const count = (text: string) => (text.trim() === "" ? null : Number(text));
    const models = draft.models
      .split(",")
      .map((model) => model.trim())
      .filter(Boolean);
    const body = {
      name: draft.name,
      rpm: count(draft.rpm),
      tpm: count(draft.tpm),
      max_requests: count(draft.max_requests),
      models: models.length > 0 ? models : null,
    };
    try {
      await api("PATCH", `/admin/tokens/${encodeURIComponent(token.id)}`, body);
      props.onClose();
      props.onSaved();
    } catch (caught: unknown) {
      setError(caught as ApiError);
    }
  };
  return (
    <tr class="editing">
      <td colSpan={7}>
        <form onSubmit={save} class="form-grid" aria-label={`Edit token ${token.prefix}`}>
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

function statusOf(token: Token): "active" | "revoked" | "expired" | "used up" {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && Date.parse(token.expires_at) <= Date.now()) return "expired";
  if (token.max_requests !== null && token.request_count >= token.max_requests) return "used up";
  return "active";
}

function limitsOf(token: Token): string {
  const parts = [
    token.rpm !== null && `${token.rpm} rpm`,
    token.tpm !== null && `${token.tpm} tpm`,
    token.max_requests !== null && `max ${token.max_requests}`,
    token.models?.join(", "),
    token.expires_at && `expires ${formatRelative(token.expires_at)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "none";
}
