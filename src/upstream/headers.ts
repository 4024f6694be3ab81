// Header hygiene between client and upstream: hop-by-hop, client credentials, stale encodings.

import { type ApiDialect, clientTokenPrefix, decodeParamName } from "../shared/index.ts";

// RFC 9110 §7.6.1: hop-by-hop fields apply to one connection and are never forwarded.
const hopByHopHeaders = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Credentials a client may send, for us or for any other vendor's API: none goes upstream (the
 * upstream gets its own). A header whose value carries one of our tokens is dropped whatever
 * its name.
 */
const clientCredentialHeaders = new Set([
  "authorization",
  "x-api-key",
  "api-key",
  "cookie",
  "x-goog-api-key",
  "ocp-apim-subscription-key",
  "x-auth-token",
  "x-access-token",
]);

/** What the client's own connection and Bun.serve's framing decide, never the upstream. */
const notForClient = [...hopByHopHeaders, "content-encoding", "content-length"];

/** Set by fetch from the actual body; a forwarded value could contradict it. */
const bodyFramingHeaders = new Set(["host", "content-length", "accept-encoding"]);

export function toUpstreamHeaders(client: Headers, extra: Record<string, string>): Headers {
  const named = namedInConnection(client);
  // a copy less what must not go costs about half of setting every kept header on a new one
  const out = new Headers(client);
  for (const [name, value] of client) {
    if (
      hopByHopHeaders.has(name) ||
      clientCredentialHeaders.has(name) ||
      bodyFramingHeaders.has(name) ||
      named?.has(name) ||
      value.includes(clientTokenPrefix)
    ) {
      out.delete(name);
    }
  }
  for (const name in extra) out.set(name, extra[name] as string);
  return out;
}

/** The client's query string without credential parameters (`?api_key=`, `?key=`, …). */
export function withoutCredentialParams(search: string): string {
  if (search.length < 2) return search;
  const kept = search
    .slice(1)
    .split("&")
    .filter((param) => !isCredentialParam(param));
  return kept.length === 0 ? "" : `?${kept.join("&")}`;
}

/**
 * A request translated to another vendor's API does not take the client vendor's own headers
 * (`anthropic-version`, `anthropic-beta`, `openai-organization`, …): they mean nothing there.
 * Between OpenAI's two dialects they stay.
 */
export function dropVendorHeaders(
  headers: Headers,
  client: ApiDialect,
  upstream: ApiDialect,
): void {
  const fromAnthropic = client === "anthropic-messages";
  if (fromAnthropic === (upstream === "anthropic-messages")) return;
  const prefix = fromAnthropic ? "anthropic-" : "openai-";
  const names: string[] = [];
  for (const name of headers.keys()) if (name.startsWith(prefix)) names.push(name);
  for (const name of names) headers.delete(name);
}

/**
 * The upstream's answer headers, made fit for the client in place (fetch's headers are ours to
 * change, and a copy costs more than the request's own routing): hop-by-hop headers go, and
 * fetch() has already decoded the body, so content-encoding and content-length no longer
 * describe it (bun-1.4 facts §3); Bun.serve sets its own framing.
 */
export function stripForClient(upstream: Headers): Headers {
  const named = namedInConnection(upstream);
  if (named) for (const name of named) upstream.delete(name);
  for (const name of notForClient) upstream.delete(name);
  return upstream;
}

// --- internal ---

const credentialParamNames = new Set([
  "key",
  "api_key",
  "api-key",
  "apikey",
  "token",
  "access_token",
  "auth",
  "auth_token",
  "authorization",
  "x-api-key",
  "password",
  "secret",
  "client_secret",
  "sig",
  "signature",
]);

function isCredentialParam(param: string): boolean {
  const equals = param.indexOf("=");
  const rawName = equals === -1 ? param : param.slice(0, equals);
  const value = equals === -1 ? "" : param.slice(equals + 1);
  return credentialParamNames.has(decodeParamName(rawName)) || value.includes(clientTokenPrefix);
}

function namedInConnection(headers: Headers): Set<string> | undefined {
  const connection = headers.get("connection");
  if (!connection) return undefined;
  return new Set(connection.split(",").map((token) => token.trim().toLowerCase()));
}
