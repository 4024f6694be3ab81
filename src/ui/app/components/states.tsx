// What a view shows while loading, when it failed (with what to do next), or when it is empty.

import type { ComponentChildren } from "preact";
import type { ApiError } from "../api.ts";
import type { Loaded } from "../use-load.ts";

export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <strong>{titleOf(error)}</strong>
      <p>{error.message}</p>
      <p class="muted">{hintOf(error)}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <strong>{title}</strong>
      {children && <div class="muted">{children}</div>}
    </div>
  );
}

/** Renders the data once there is some; the loading line or the error above it otherwise. */
export function LoadedView<T>(props: {
  state: Loaded<T>;
  onRetry: () => void;
  children: (data: T) => ComponentChildren;
}) {
  const { state } = props;
  return (
    <>
      {state.status === "error" && <ErrorNotice error={state.error} onRetry={props.onRetry} />}
      {state.status === "loading" && state.data === undefined && (
        <p class="muted loading" aria-busy="true">
          Loading…
        </p>
      )}
      {state.data !== undefined && props.children(state.data)}
    </>
  );
}

// --- internal ---

function titleOf(error: ApiError): string {
  if (error.status === 0) return "The proxy did not answer";
  if (error.status === 401) return "The admin key was refused";
  if (error.status === 404) return "Not available";
  if (error.status >= 500) return "The proxy failed";
  return "The request was refused";
}

function hintOf(error: ApiError): string {
  if (error.status === 0) return "Check that llm-proxy is running, then try again.";
  if (error.status === 401) return "Sign out and sign in with the value of auth.admin_key.";
  if (error.status === 404) {
    return "This part is switched off in the proxy's config: turn it on in proxy.config.yaml and restart or reload.";
  }
  if (error.status >= 500) return "The proxy's log (stderr) has the details.";
  return "Correct the input and try again.";
}
