// The active health check request for a provider (GET its health path with credentials), and
// its own model list for GET /v1/models, fetched the same way.

import type { Target } from "../upstream/index.ts";

/** Undefined for in-process providers (mock), which need no check. */
export function healthCheckRequest(target: Target, path: string | undefined): Request | undefined {
  if (target.provider.respond) return undefined;
  const headers = new Headers(target.headers);
  target.provider.applyDefaults(headers);
  if (target.secret) target.provider.applyCredential(headers, target.secret);
  return new Request(`${target.baseUrl}${path ?? target.provider.healthPath}`, { headers });
}

/** A provider's own model list (its kind's models path), for GET /v1/models. */
export async function fetchModelList(
  target: Target,
  fetcher: typeof fetch,
  timeoutMs: number,
): Promise<unknown> {
  const path = target.provider.healthPath;
  const { respond } = target.provider;
  const response = respond
    ? await respond(new Request(`http://in-process/v1${path}`), {
        pathname: `/v1${path.split("?")[0]}`,
        search: "",
        model: undefined,
      })
    : await fetcher(healthCheckRequest(target, path) as Request, {
        signal: AbortSignal.timeout(timeoutMs),
      });
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`answered ${response.status}`);
  }
  return response.json();
}
