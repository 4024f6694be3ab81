// The admin API under /admin (Bearer auth.admin_key, compared in constant time): projects and
// tokens, providers' live state, and the audit log. Disabled entirely without an admin key.

import { type Management, toProjectView } from "../auth/index.ts";
import { parseDurationMs } from "../config/index.ts";
import type { ProviderSnapshot } from "../routing/index.ts";
import { ProxyError } from "../shared/index.ts";
import {
  type AuditRepository,
  type TraceRepository,
  type UsageGrouping,
  type UsageRepository,
  usageGroupings,
} from "../store/index.ts";
import { presentsAdminKey } from "./admin-key.ts";

export type AdminDeps = {
  adminKey: string;
  /** Undefined when no store is open (it is whenever an admin key is set). */
  management: Management | undefined;
  audit: AuditRepository | undefined;
  usage: UsageRepository | undefined;
  traces: TraceRepository | undefined;
  providerSnapshots: () => ProviderSnapshot[];
  /** Empties the response cache; undefined when cache.enabled is false. */
  clearCache: (() => Promise<number>) | undefined;
  /** Un-benches a provider's credentials; false when it has no credential pool. */
  resetCredentials: (provider: string) => boolean;
  now: () => number;
};

export type AdminHandler = (request: Request, pathname: string) => Promise<Response>;

export function createAdminHandler(deps: AdminDeps): AdminHandler {
  return async (request, pathname) => {
    if (!deps.adminKey) {
      throw new ProxyError(
        "not_found",
        "the admin API is disabled: set auth.admin_key (or LLM_PROXY_ADMIN_KEY) to enable /admin/*",
      );
    }
    if (!presentsAdminKey(request, deps.adminKey)) {
      throw new ProxyError(
        "invalid_api_key",
        `${request.method} ${pathname} requires the admin key (Authorization: Bearer <auth.admin_key>)`,
      );
    }
    const [, , resource, id, action, ...rest] = pathname.split("/");
    if (rest.length > 0) throw unknownAdminPath(request, pathname);
    if (resource === "providers" && id && action === "reset-credentials") {
      if (request.method !== "POST") throw methodNotAllowed(request, pathname);
      const name = decodeURIComponent(id);
      if (!deps.resetCredentials(name)) {
        throw new ProxyError(
          "not_found",
          `provider "${name}" has no credential pool (keys or auth)`,
        );
      }
      deps.audit?.record({
        at: deps.now(),
        actor: "admin",
        action: "provider.reset_credentials",
        target: name,
        details: null,
      });
      return Response.json({ provider: name, reset: true });
    }
    if (action !== undefined) throw unknownAdminPath(request, pathname);
    const url = new URL(request.url);
    switch (resource) {
      case "providers":
        if (id === undefined && request.method === "GET") {
          return Response.json({ providers: deps.providerSnapshots() });
        }
        break;
      case "projects":
        return projects(request, url, id && decodeURIComponent(id), needManagement(deps));
      case "tokens":
        return tokens(request, url, id && decodeURIComponent(id), needManagement(deps));
      case "usage":
        if (id === undefined && request.method === "GET") {
          const sinceMs = durationParam("since", url.searchParams.get("since") ?? "24h");
          const by = (url.searchParams.get("by") ?? "project") as UsageGrouping;
          if (!usageGroupings.includes(by)) {
            throw new ProxyError(
              "invalid_request",
              `by: expected one of ${usageGroupings.join(", ")}`,
              {
                param: "by",
              },
            );
          }
          if (!deps.usage)
            throw new ProxyError("not_found", "usage recording is off (usage.enabled)");
          const rows = deps.usage
            .summarize(deps.now() - sinceMs, by)
            .map(({ key, ...counts }) => ({ [by]: key, ...counts }));
          return Response.json({ usage: rows });
        }
        break;
      case "cache": {
        if (id !== undefined || request.method !== "DELETE") break;
        if (!deps.clearCache) throw new ProxyError("not_found", "the cache is off (cache.enabled)");
        const removed = await deps.clearCache();
        deps.audit?.record({
          at: deps.now(),
          actor: "admin",
          action: "cache.clear",
          target: "cache",
          details: { removed },
        });
        return Response.json({ cleared: true, removed });
      }
      case "traces": {
        if (request.method !== "GET") break;
        if (!deps.traces)
          throw new ProxyError("not_found", "traces are not stored in sqlite (traces.sink)");
        if (id !== undefined) {
          const trace = deps.traces.get(decodeURIComponent(id));
          if (!trace) throw new ProxyError("not_found", `no trace "${id}"`);
          return Response.json({ ...trace, time: new Date(trace.at).toISOString() });
        }
        const sinceMs = durationParam("since", url.searchParams.get("since") ?? "24h");
        const limit = Number(url.searchParams.get("limit") ?? 50);
        const rows = deps.traces.list({
          since: deps.now() - sinceMs,
          limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 10_000) : 50,
        });
        return Response.json({
          traces: rows.map((trace) => ({ ...trace, time: new Date(trace.at).toISOString() })),
        });
      }
      case "audit":
        if (id === undefined && request.method === "GET") {
          const since = url.searchParams.get("since");
          const sinceMs = since === null ? undefined : durationParam("since", since);
          const limit = Number(url.searchParams.get("limit") ?? 100);
          const events = needAudit(deps).list({
            since: sinceMs === undefined ? undefined : deps.now() - sinceMs,
            limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 10_000) : 100,
          });
          return Response.json({
            events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
          });
        }
        break;
    }
    throw unknownAdminPath(request, pathname);
  };
}

// --- internal ---

async function projects(
  request: Request,
  url: URL,
  name: string | undefined,
  management: Management,
): Promise<Response> {
  if (name === undefined) {
    if (request.method === "GET") {
      return Response.json({
        projects: management.listProjects().map((project) => ({
          ...toProjectView(project),
          tokens: project.tokens,
        })),
      });
    }
    if (request.method === "POST") {
      const body = await readJsonObject(request);
      const projectName = requireString(body, "name");
      return Response.json(toProjectView(management.createProject(projectName)), { status: 201 });
    }
  } else {
    if (request.method === "GET") {
      const project = management.showProject(name);
      return Response.json({
        ...toProjectView(project),
        tokens: project.tokens.map((token) => management.viewOf(token)),
      });
    }
    if (request.method === "PATCH") {
      const body = await readJsonObject(request);
      if (typeof body.active !== "boolean") {
        throw new ProxyError("invalid_request", "body.active: expected true or false", {
          param: "active",
        });
      }
      return Response.json(toProjectView(management.setProjectActive(name, body.active)));
    }
    if (request.method === "DELETE") {
      const force = url.searchParams.get("force") === "true";
      const { project, tokensDeleted } = management.deleteProject(name, force);
      return Response.json({ deleted: project.name, tokens_deleted: tokensDeleted });
    }
  }
  throw methodNotAllowed(request, url.pathname);
}

async function tokens(
  request: Request,
  url: URL,
  id: string | undefined,
  management: Management,
): Promise<Response> {
  if (id === undefined) {
    if (request.method === "GET") {
      const project = url.searchParams.get("project") ?? undefined;
      const list = management.listTokens(project).map((token) => management.viewOf(token));
      return Response.json({ tokens: list });
    }
    if (request.method === "POST") {
      const body = await readJsonObject(request);
      const expires = optional(body, "expires", "string");
      const created = management.createToken({
        project: requireString(body, "project"),
        name: optional(body, "name", "string"),
        expiresAt:
          expires === undefined ? undefined : Date.now() + durationParam("expires", expires),
        models: optionalModels(body),
        rpm: optionalCount(body, "rpm"),
        tpm: optionalCount(body, "tpm"),
        maxRequests: optionalCount(body, "max_requests"),
      });
      const view = management.viewOf(created.token);
      return Response.json(
        {
          id: view.id,
          token: created.secret,
          project: view.project,
          name: view.name,
          expires_at: view.expires_at,
        },
        { status: 201 },
      );
    }
  } else if (request.method === "GET") {
    const found = management.listTokens().find((token) => token.id === id);
    if (!found) throw new ProxyError("not_found", `no token "${id}"`);
    return Response.json(management.viewOf(found));
  } else if (request.method === "DELETE") {
    return Response.json(management.viewOf(management.revokeToken(id)));
  }
  throw methodNotAllowed(request, url.pathname);
}

function needManagement(deps: AdminDeps): Management {
  if (!deps.management) throw new ProxyError("internal_error", "the store is not open");
  return deps.management;
}

function needAudit(deps: AdminDeps): AuditRepository {
  if (!deps.audit) throw new ProxyError("internal_error", "the store is not open");
  return deps.audit;
}

async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = await request.json();
  } catch {
    throw new ProxyError("invalid_request", "expected a JSON object body");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ProxyError("invalid_request", "expected a JSON object body");
  }
  return parsed as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value.length === 0) {
    throw new ProxyError("invalid_request", `body.${key}: expected a non-empty string`, {
      param: key,
    });
  }
  return value;
}

function optional(body: Record<string, unknown>, key: string, type: "string"): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) {
    throw new ProxyError("invalid_request", `body.${key}: expected a ${type}`, { param: key });
  }
  return value as string;
}

function optionalCount(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ProxyError("invalid_request", `body.${key}: expected a positive integer`, {
      param: key,
    });
  }
  return value;
}

function optionalModels(body: Record<string, unknown>): string[] | undefined {
  const value = body.models;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item)) {
    throw new ProxyError("invalid_request", "body.models: expected an array of model globs", {
      param: "models",
    });
  }
  return value as string[];
}

function durationParam(name: string, value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) {
    throw new ProxyError(
      "invalid_request",
      `${name}: expected a duration like 90s, 12h or 30d, got "${value}"`,
      { param: name },
    );
  }
  return ms;
}

function unknownAdminPath(request: Request, pathname: string): ProxyError {
  return new ProxyError("not_found", `unknown admin endpoint ${request.method} ${pathname}`);
}

function methodNotAllowed(request: Request, pathname: string): ProxyError {
  return new ProxyError("method_not_allowed", `${request.method} is not allowed on ${pathname}`);
}
