// Providers: each one's live state (breaker, health check, cool-down, load, errors) and its
// upstream credentials, with a reset that closes the breaker and un-benches the credentials.

import { useEffect } from "preact/hooks";
import { api } from "../api.ts";
import { Badge, Page } from "../components/page.tsx";
import { Empty, ErrorNotice, LoadedView } from "../components/states.tsx";
import { formatCount, formatMs, formatRelative } from "../format.ts";
import type { CredentialState, Provider } from "../types.ts";
import { useAction, useLoad } from "../use-load.ts";

const refreshMs = 10_000;

export function Providers() {
  const { state, reload } = useLoad(
    () => api<{ providers: Provider[] }>("GET", "/admin/providers"),
    [],
  );
  useEffect(() => {
    // live state: refresh while the tab is visible
    const timer = setInterval(() => document.visibilityState === "visible" && reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <Page
      title="Providers"
      description="Live state of each upstream, refreshed every 10 seconds."
      actions={
        <button type="button" class="button" onClick={reload}>
          Refresh
        </button>
      }
    >
      <LoadedView state={state} onRetry={reload}>
        {(data) =>
          data.providers.length === 0 ? (
            <Empty title="No providers configured">
              Add one under providers: in proxy.config.yaml.
            </Empty>
          ) : (
            <div class="provider-grid">
              {data.providers.map((provider) => (
                <ProviderCard key={provider.name} provider={provider} onReset={reload} />
              ))}
            </div>
          )
        }
      </LoadedView>
    </Page>
  );
}

export function stateTone(state: string): "ok" | "warn" | "bad" | "info" {
  if (state === "available") return "ok";
  if (state === "open" || state === "unhealthy" || state === "no_credentials") return "bad";
  return "warn";
}

// --- internal ---

function ProviderCard({ provider, onReset }: { provider: Provider; onReset: () => void }) {
  const { error, busy, reset } = useReset(provider, onReset);
  return (
    <article class="panel provider" data-provider={provider.name}>
      <header class="panel-header">
        <h2>
          {provider.name} <span class="muted">{provider.type}</span>
        </h2>
        <Badge tone={stateTone(provider.state)}>{provider.state.replace("_", " ")}</Badge>
      </header>
      <ProviderFacts provider={provider} />
      {provider.last_error && (
        <p class="last-error">
          Last error {formatRelative(provider.last_error.at)}: {provider.last_error.message}
        </p>
      )}
      {provider.credentials && <Credentials credentials={provider.credentials} />}
      {error && <ErrorNotice error={error} />}
      <button type="button" class="button" disabled={busy} onClick={reset}>
        Reset breaker and credentials
      </button>
    </article>
  );
}

function useReset(provider: Provider, onReset: () => void) {
  const { error, busy, run } = useAction(onReset);
  const reset = () => {
    const effect = "Its breaker closes, cool-downs end and benched credentials return.";
    if (!confirm(`Reset ${provider.name}? ${effect}`)) return;
    void run(() => api("POST", `/admin/providers/${encodeURIComponent(provider.name)}/reset`));
  };
  return { error, busy, reset };
}

function ProviderFacts({ provider }: { provider: Provider }) {
  const slots =
    provider.max_concurrent === null
      ? "no limit"
      : `${provider.slots_in_use ?? 0} / ${provider.max_concurrent}`;
  return (
    <dl class="facts">
      <dt>Breaker</dt>
      <dd>{provider.breaker.replace("_", " ")}</dd>
      <dt>Health check</dt>
      <dd>{provider.health_check}</dd>
      <dt>Cooling down</dt>
      <dd>
        {provider.cooling_down_until
          ? `until ${formatRelative(provider.cooling_down_until)}`
          : "no"}
      </dd>
      <dt>In flight</dt>
      <dd>
        {provider.in_flight} (slots: {slots})
      </dd>
      <dt>Requests</dt>
      <dd>{formatCount(provider.requests)}</dd>
      <dt>Errors</dt>
      <dd>
        {provider.errors.server} server, {provider.errors.rate_limited} rate-limited,{" "}
        {provider.errors.auth} auth
      </dd>
      <dt>First byte (avg)</dt>
      <dd>{formatMs(provider.ewma_first_byte_ms)}</dd>
      <dt>Weight</dt>
      <dd>
        {provider.weight}
        {provider.fallback_only ? ", fallback only" : ""}
      </dd>
    </dl>
  );
}

function Credentials({ credentials }: { credentials: CredentialState[] }) {
  return (
    <table class="table compact">
      <caption>Credentials</caption>
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th class="number">Requests</th>
          <th class="number">Failures</th>
        </tr>
      </thead>
      <tbody>
        {credentials.map((credential) => (
          <tr key={credential.name}>
            <td>{credential.name}</td>
            <td>
              <Badge tone={credential.state === "ok" ? "ok" : "warn"}>
                {credential.state.replace("_", " ")}
              </Badge>
            </td>
            <td class="number">{formatCount(credential.requests)}</td>
            <td class="number">{formatCount(credential.failures)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
