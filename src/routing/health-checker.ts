// Active health checks: every interval, GET each provider's health path; a failing provider is
// taken out of rotation until a check passes again.

import type { Clock } from "../shared/index.ts";
import type { ProviderState } from "./provider-state.ts";

export type HealthCheckSettings = { intervalMs: number; timeoutMs: number };

export type HealthCheckDeps = {
  fetch: typeof fetch;
  clock: Clock;
  /** The check request for a provider, or undefined for one that needs none (mock). */
  requestFor(provider: ProviderState): Request | undefined;
  /** Gets a passing check's JSON answer: a model list, when the path is the provider's list. */
  onAnswer?: (provider: ProviderState, body: unknown) => void;
};

export type HealthChecker = {
  start(): void;
  stop(): void;
  /** One round over every provider; resolves when all checks have settled. */
  checkAll(): Promise<void>;
};

export function createHealthChecker(
  providers: readonly ProviderState[],
  settings: HealthCheckSettings,
  deps: HealthCheckDeps,
): HealthChecker {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | undefined;
  const stopped = new AbortController();

  const checkOne = async (provider: ProviderState): Promise<void> => {
    const request = deps.requestFor(provider);
    if (!request) return;
    const signal = AbortSignal.any([AbortSignal.timeout(settings.timeoutMs), stopped.signal]);
    let verdict: { healthy: boolean; detail: string };
    try {
      const response = await deps.fetch(request, { signal });
      verdict = judge(response.status);
      const json = response.headers.get("content-type")?.includes("json") === true;
      if (deps.onAnswer && response.status === 200 && json) {
        const body = await response.json().catch(() => undefined);
        if (body !== undefined) deps.onAnswer(provider, body);
      } else {
        await response.body?.cancel().catch(() => {});
      }
    } catch {
      if (stopped.signal.aborted) return;
      verdict = {
        healthy: false,
        detail: signal.aborted ? `no answer within ${settings.timeoutMs} ms` : "connection failed",
      };
    }
    provider.setCheckResult(verdict.healthy, verdict.detail, deps.clock.now());
  };

  const checkAll = (): Promise<void> => {
    // a slow round is not stacked on top of itself
    running ??= Promise.all(providers.map(checkOne)).then(() => {
      running = undefined;
    });
    return running;
  };

  return {
    start() {
      if (timer) return;
      // the first round runs after one interval: startup stays quiet and fast
      timer = setInterval(() => void checkAll(), settings.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopped.abort();
    },
    checkAll,
  };
}

// --- internal ---

/** Reachable and accepting our credential; 404 or 429 still mean the server is up. */
function judge(status: number): { healthy: boolean; detail: string } {
  if (status >= 500) return { healthy: false, detail: `answered ${status}` };
  if (status === 401 || status === 403) {
    return { healthy: false, detail: `answered ${status}: credential refused` };
  }
  return { healthy: true, detail: `answered ${status}` };
}
