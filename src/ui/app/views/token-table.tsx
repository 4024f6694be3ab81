// The token list: status, limits, budget and use of each token, with edit and revoke.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { BudgetMeter, findBudget } from "../components/budget-meter.tsx";
import { Badge } from "../components/page.tsx";
import { Empty, ErrorNotice } from "../components/states.tsx";
import { formatCount, formatRelative, formatTime } from "../format.ts";
import type { BudgetStatus, Token } from "../types.ts";
import { useAction } from "../use-load.ts";
import { TokenEditor } from "./token-editor.tsx";

const columns = ["Token", "Project", "Status", "Limits", "Budget", "Use", ""];

export function TokenTable(props: {
  tokens: Token[];
  budgets: BudgetStatus[] | null;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const { error, revoke } = useRevoke(props.onChanged);
  if (props.tokens.length === 0)
    return <Empty title="No tokens yet">Create one above; its secret is shown once.</Empty>;
  const row = (token: Token) =>
    editing === token.id ? (
      <TokenEditor
        key={token.id}
        token={token}
        columns={columns.length}
        onClose={() => setEditing(null)}
        onSaved={props.onChanged}
      />
    ) : (
      <TokenRow
        key={token.id}
        token={token}
        budget={findBudget(props.budgets, "token", token.id)}
        onEdit={() => setEditing(token.id)}
        onRevoke={() => revoke(token)}
      />
    );
  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      {error && <ErrorNotice error={error} />}
      <table class="table">
        <TokenHead />
        <tbody>{props.tokens.map(row)}</tbody>
      </table>
    </section>
  );
}

// --- internal ---

function useRevoke(onChanged: () => void) {
  const { error, run } = useAction(onChanged);
  const revoke = (token: Token) => {
    const who = `${token.prefix}… (${token.name || "unnamed"})`;
    if (!confirm(`Revoke ${who}? Applications using it stop working.`)) return;
    void run(() => api("DELETE", `/admin/tokens/${encodeURIComponent(token.id)}`));
  };
  return { error, revoke };
}

function TokenHead() {
  return (
    <thead>
      <tr>
        {columns.map((label) => (
          <th key={label}>{label}</th>
        ))}
      </tr>
    </thead>
  );
}

function TokenRow(props: {
  token: Token;
  budget: BudgetStatus | null | undefined;
  onEdit: () => void;
  onRevoke: () => void;
}) {
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
      <td class="budget-cell">
        <BudgetMeter budget={token} status={props.budget} />
      </td>
      <td class="small">
        {formatCount(token.request_count)} req.
        <div class="muted">used {formatRelative(token.last_used_at)}</div>
      </td>
      <td class="row-actions">{status === "active" && <RowActions {...props} />}</td>
    </tr>
  );
}

function RowActions(props: { onEdit: () => void; onRevoke: () => void }) {
  return (
    <>
      <button type="button" class="button small edit" onClick={props.onEdit}>
        Edit
      </button>
      <button type="button" class="button small danger" onClick={props.onRevoke}>
        Revoke
      </button>
    </>
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
