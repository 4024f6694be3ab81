// Header hygiene between client and upstream: hop-by-hop, client credentials, stale encodings.

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

/** Client credentials for the proxy itself; the upstream gets its own instead. */
const clientCredentialHeaders = new Set(["authorization", "x-api-key", "api-key", "cookie"]);

/** Set by fetch from the actual body; a forwarded value could contradict it. */
const bodyFramingHeaders = new Set(["host", "content-length", "accept-encoding"]);

export function toUpstreamHeaders(client: Headers, extra: Record<string, string>): Headers {
  const named = namedInConnection(client);
  const out = new Headers();
  for (const [name, value] of client) {
    if (
      hopByHopHeaders.has(name) ||
      clientCredentialHeaders.has(name) ||
      bodyFramingHeaders.has(name) ||
      named?.has(name)
    ) {
      continue;
    }
    out.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) out.set(name, value);
  return out;
}

/**
 * fetch() has already decoded the body, so content-encoding and content-length no longer
 * describe it (bun-1.4 facts §3); Bun.serve sets its own framing.
 */
export function toClientHeaders(upstream: Headers): Headers {
  const named = namedInConnection(upstream);
  const out = new Headers();
  for (const [name, value] of upstream) {
    if (
      hopByHopHeaders.has(name) ||
      name === "content-encoding" ||
      name === "content-length" ||
      named?.has(name)
    ) {
      continue;
    }
    out.append(name, value);
  }
  return out;
}

// --- internal ---

function namedInConnection(headers: Headers): Set<string> | undefined {
  const connection = headers.get("connection");
  if (!connection) return undefined;
  return new Set(connection.split(",").map((token) => token.trim().toLowerCase()));
}
