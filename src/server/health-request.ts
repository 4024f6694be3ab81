// Builds the active health check request for a provider: GET its health path with credentials.

import type { Target } from "../upstream/index.ts";

/** Undefined for in-process providers (mock), which need no check. */
export function healthCheckRequest(target: Target, path: string | undefined): Request | undefined {
  if (target.provider.respond) return undefined;
  const headers = new Headers(target.headers);
  target.provider.applyDefaults(headers);
  if (target.secret) target.provider.applyCredential(headers, target.secret);
  return new Request(`${target.baseUrl}${path ?? target.provider.healthPath}`, { headers });
}
