// The endpoint and method allowlist: nothing outside it ever reaches an upstream.

import type { EndpointsConfig } from "../config/index.ts";
import { ProxyError } from "../shared/index.ts";

export type EndpointPolicy = { check(method: string, pathname: string): void };

/** Paths the proxy forwards at all; anything else is simply not found. */
const proxiedRoots = ["/v1/", "/openai/"];

export function createEndpointPolicy(endpoints: EndpointsConfig): EndpointPolicy {
  const prefixes = endpoints.allow.map((path) => path.replace(/\/+$/, ""));
  const methods = new Set<string>(endpoints.methods);
  const allowHeader = endpoints.methods.join(", ");
  return {
    check(method, pathname) {
      if (!proxiedRoots.some((root) => pathname.startsWith(root))) {
        throw new ProxyError("not_found", `unknown path ${pathname}`);
      }
      if (!prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) {
        throw new ProxyError(
          "permission_denied",
          `endpoint ${pathname} is not allowed by endpoints.allow`,
        );
      }
      if (!methods.has(method)) {
        throw new ProxyError(
          "method_not_allowed",
          `method ${method} is not allowed by endpoints.methods`,
          {
            headers: { allow: allowHeader },
          },
        );
      }
    },
  };
}
