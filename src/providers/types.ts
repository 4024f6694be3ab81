// The provider contract: pure translation between a client request and one upstream kind.

import type { ApiDialect, ProviderKind } from "../shared/index.ts";

export type UpstreamCall = {
  /** Normalised client path, e.g. "/v1/chat/completions" or "/openai/deployments/x/chat/completions". */
  pathname: string;
  /** Client query string including "?", or "". */
  search: string;
  /** Model after model_map, when the request names one. */
  model: string | undefined;
};

export type Provider = {
  kind: ProviderKind;
  /** The request dialects this kind serves, its first the one others are translated to. */
  dialects: readonly ApiDialect[];
  /** Upstream URL for a call; never escapes baseUrl because pathname is already normalised. */
  toUpstreamUrl(baseUrl: string, call: UpstreamCall): string;
  /** Puts the upstream credential on the outgoing headers. */
  applyCredential(headers: Headers, secret: string): void;
  /** Fills headers the upstream requires when the client left them out. */
  applyDefaults(headers: Headers): void;
  /** Path (relative to base_url) that a health check GETs. */
  healthPath: string;
  /** In-process answer instead of a network call (the mock provider only). */
  respond?: (request: Request, call: UpstreamCall) => Response | Promise<Response>;
};

/** Default mapping: base_url (which ends in its version) + client path minus its leading /v1. */
export function joinVersionedPath(baseUrl: string, pathname: string, search: string): string {
  const rest = pathname.startsWith("/v1/") ? pathname.slice(3) : pathname;
  return `${baseUrl}${rest}${search}`;
}
