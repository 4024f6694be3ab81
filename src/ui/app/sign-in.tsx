// Sign-in: asks for the admin key, checks it against the proxy, and keeps it for this tab only
// (sessionStorage; no cookie).

import { useState } from "preact/hooks";
import { ApiError, api, saveKey, toApiError } from "./api.ts";

export function SignIn({ expired, onSignedIn }: { expired: boolean; onSignedIn: () => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(
    expired ? "The proxy no longer accepts the key this tab had. Sign in again." : null,
  );
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("GET", "/admin/providers", undefined, key);
      saveKey(key);
      onSignedIn();
    } catch (caught: unknown) {
      setError(refusalOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <form class="panel" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">llm-proxy admin</h1>
        <p class="muted">Sign in with the proxy's admin key. It is kept in this tab only.</p>
        <KeyField value={key} onChange={setKey} />
        {error && (
          <p class="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={busy || key === ""}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

// --- internal ---

function KeyField({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  return (
    <label class="field">
      <span>Admin key</span>
      <input
        name="admin-key"
        type="password"
        autoComplete="current-password"
        required
        value={value}
        onInput={(event) => onChange(event.currentTarget.value)}
      />
    </label>
  );
}

function refusalOf(caught: unknown): string {
  if (caught instanceof ApiError && caught.status === 401) {
    return "That key was refused. Use the value of auth.admin_key (or LLM_PROXY_ADMIN_KEY) the proxy started with.";
  }
  return toApiError(caught).message;
}
