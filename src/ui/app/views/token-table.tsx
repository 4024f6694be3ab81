// The token list: status, limits and use of each token, with edit and revoke.

import { useState } from "preact/hooks";
import { type ApiError, api } from "../api.ts";
import { Badge } from "../components/page.tsx";
import { Empty, ErrorNotice } from "../components/states.tsx";
import { formatCount, formatRelative, formatTime } from "../format.ts";
import type { Token } from "../types.ts";
import { TokenEditor } from "./token-editor.tsx";

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
        <TokenHead />
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

function TokenHead() {
  return (
    <thead>
      <tr>
        {["Token", "Project", "Status", "Limits", "Requests", "Last used", ""].map((label) => (
          <th key={label} class={label === "Requests" ? "number" : ""}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

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
