// GET /ui/: the admin dashboard, served from the files embedded at build time, only when an
// admin key is set. Every answer carries a strict CSP (no inline script or style), no framing
// and no referrer; the page itself talks to /admin/* with the key as a Bearer header.

import { ProxyError } from "../shared/index.ts";
import { uiFiles } from "../ui/index.ts";

export type UiRoute = (request: Request, pathname: string) => Response;

const securityHeaders = {
  "content-security-policy":
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

export function isUiPath(pathname: string): boolean {
  return pathname === "/ui" || pathname.startsWith("/ui/");
}

export function createUiRoute(adminKey: string, files = uiFiles): UiRoute {
  return (request, pathname) => {
    if (!adminKey) {
      throw new ProxyError("not_found", "the admin UI is off: set auth.admin_key to enable /ui/");
    }
    if (pathname === "/ui") {
      return new Response(null, { status: 308, headers: { ...securityHeaders, location: "/ui/" } });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, {
        status: 405,
        headers: { ...securityHeaders, allow: "GET, HEAD" },
      });
    }
    const name = pathname === "/ui/" ? "index.html" : pathname.slice("/ui/".length);
    const file = files.get(name);
    if (!file) {
      return new Response(`no file /ui/${name} in the admin UI`, {
        status: 404,
        headers: { ...securityHeaders, "content-type": "text/plain;charset=utf-8" },
      });
    }
    // hashed names never change; index.html and the icon do between versions
    const immutable = /-[a-z0-9]{8,}\.(js|css)$/.test(name);
    return new Response(request.method === "HEAD" ? null : Bun.file(file.path), {
      headers: {
        ...securityHeaders,
        "content-type": file.type,
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  };
}
