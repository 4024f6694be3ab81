// Validates the request target so a path can never escape a provider's base URL.
// Bun.serve already resolves dot segments and drops absolute-form authorities before we see
// req.url; what remains to refuse is `//`, encoded separators and encoded dot segments.

import { type Dialect, ProxyError } from "../shared/index.ts";

export type RequestTarget = { pathname: string; search: string };

const maxDecodeRounds = 4;

export function parseRequestTarget(url: string): RequestTarget {
  const schemeEnd = url.indexOf("://");
  const pathStart = url.indexOf("/", schemeEnd === -1 ? 0 : schemeEnd + 3);
  if (pathStart === -1) return { pathname: "/", search: "" };
  const hash = url.indexOf("#", pathStart);
  const end = hash === -1 ? url.length : hash;
  const query = url.indexOf("?", pathStart);
  const pathEnd = query === -1 || query > end ? end : query;
  const pathname = url.slice(pathStart, pathEnd);
  const search = pathEnd < end ? url.slice(pathEnd, end) : "";
  assertSafePath(pathname);
  return { pathname, search };
}

/** The path of a request URL as it came, not yet validated or decoded. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return "/";
  const query = url.indexOf("?", start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/** The dialect of a path not yet validated (e.g. "/v1/messages%2Fx"), for its error. */
export function dialectForRawPath(url: string): Dialect {
  return pathOf(url).startsWith("/v1/messages") ? "anthropic" : "openai";
}

/** The deployment an Azure-style path names, which stands for the model. */
export function deploymentFromPath(pathname: string): string | undefined {
  if (!pathname.startsWith("/openai/deployments/")) return undefined;
  const match = deploymentPath.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

// --- internal ---

function assertSafePath(pathname: string): void {
  if (pathname.startsWith("//")) throw unsafe("must not start with //");
  if (hasUnsafeSegments(pathname)) throw unsafe("must not contain empty, '.' or '..' segments");
  if (!pathname.includes("%")) return;
  let decoded = pathname;
  for (let round = 0; round < maxDecodeRounds && decoded.includes("%"); round++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      throw unsafe("has invalid percent-encoding");
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded.includes("\\") || decoded.includes("\0")) throw unsafe("must not encode \\ or NUL");
  if (decoded.split("/").length !== pathname.split("/").length) throw unsafe("must not encode /");
  if (hasUnsafeSegments(decoded)) throw unsafe("must not encode '.' or '..' segments");
}

// module-level RegExps: a literal in a function is a new object on every request
const unsafeSegments = /\/\.{1,2}(\/|$)|\/\//;
const deploymentPath = /^\/openai\/deployments\/([^/]+)\//;

function hasUnsafeSegments(pathname: string): boolean {
  return unsafeSegments.test(pathname);
}

function unsafe(reason: string): ProxyError {
  return new ProxyError("invalid_request", `request path ${reason}`);
}
