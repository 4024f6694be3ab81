// The admin API's route table: method + path pattern ("/admin/tokens/:id") -> handler. Path
// parameters are percent-decoded here, once, so a malformed escape is a 400 for every route.

import { ProxyError } from "../../shared/index.ts";

export type AdminMethod = "GET" | "POST" | "PATCH" | "DELETE";

export type RouteInput<Params> = { request: Request; url: URL; params: Params };

export type AdminRoute = {
  method: AdminMethod;
  pattern: string;
  handle(input: RouteInput<Record<string, string>>): Response | Promise<Response>;
};

/** The `:name` segments of a pattern, as an object type. */
export type RouteParams<Pattern extends string> = {
  [Name in ParamNames<Pattern>]: string;
};

export type RouteMatch =
  | { kind: "found"; route: AdminRoute; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: AdminMethod[] }
  | { kind: "not_found" };

export type RouteTable = { match(method: string, pathname: string): RouteMatch };

/** One route; the handler sees its pattern's parameters by name, already decoded. */
export function defineRoute<Pattern extends string>(
  method: AdminMethod,
  pattern: Pattern,
  handle: (input: RouteInput<RouteParams<Pattern>>) => Response | Promise<Response>,
): AdminRoute {
  // the table fills exactly the pattern's parameters, so the narrowing is safe
  return { method, pattern, handle: (input) => handle(input as RouteInput<RouteParams<Pattern>>) };
}

export function createRouteTable(routes: readonly AdminRoute[]): RouteTable {
  const compiled = routes.map((route) => ({ route, segments: route.pattern.split("/") }));
  for (const [index, { route }] of compiled.entries()) {
    const twin = compiled.findIndex(
      (other) => other.route.method === route.method && other.route.pattern === route.pattern,
    );
    if (twin !== index) throw new Error(`duplicate admin route ${route.method} ${route.pattern}`);
  }
  return {
    match(method, pathname) {
      const segments = pathname.split("/");
      const matching = compiled.filter((entry) => fits(entry.segments, segments));
      if (matching.length === 0) return { kind: "not_found" };
      const found = matching.find((entry) => entry.route.method === method);
      if (!found) return { kind: "method_not_allowed", allow: matching.map((e) => e.route.method) };
      return { kind: "found", route: found.route, params: paramsOf(found.segments, segments) };
    },
  };
}

// --- internal ---

type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

function fits(pattern: readonly string[], segments: readonly string[]): boolean {
  if (pattern.length !== segments.length) return false;
  return pattern.every((part, index) => {
    const segment = segments[index] ?? "";
    return part.startsWith(":") ? segment.length > 0 : part === segment;
  });
}

function paramsOf(pattern: readonly string[], segments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  pattern.forEach((part, index) => {
    if (part.startsWith(":")) params[part.slice(1)] = decodeSegment(segments[index] ?? "");
  });
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ProxyError(
      "invalid_request",
      `malformed percent-escape in path segment "${segment}": escape "%" as %25`,
    );
  }
}
