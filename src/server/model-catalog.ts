// GET /v1/models: the models this proxy can route, from the config (literal `models` entries,
// `model_map` keys, literal route models) and from each provider's own list as its health check
// fetched it (filtered by the provider's `models` globs). OpenAI's list shape, or Anthropic's
// when the request carries `anthropic-version` (DESIGN.md, dialects and translation).

import type { Config } from "../config/index.ts";
import { compileGlobs, type GlobMatcher } from "../shared/index.ts";

export type ModelCatalog = {
  /** Takes a provider's model list (its health check's answer); anything else is ignored. */
  learn(provider: string, body: unknown): void;
  /**
   * The models a caller may route, sorted; `allows` filters by a token's `models`. A provider
   * whose list no health check has fetched yet is asked once, here.
   */
  list(allows?: GlobMatcher): Promise<CatalogEntry[]>;
  /** The lists learned so far, for the catalog of the next config. */
  learned(): ReadonlyMap<string, readonly CatalogEntry[]>;
};

/** Fetches a provider's own model list (its kind's models path); rejects when it cannot. */
export type FetchModelList = (provider: string) => Promise<unknown>;

export type CatalogEntry = {
  id: string;
  /** The provider that named it first (OpenAI's `owned_by`). */
  provider: string;
  /** Epoch seconds, when the provider's list said. */
  created: number;
  displayName: string;
};

export function createModelCatalog(
  config: Config,
  fetchList: FetchModelList,
  previous?: ReadonlyMap<string, readonly CatalogEntry[]>,
): ModelCatalog {
  const fromConfig = configuredModels(config);
  const matchers = new Map(config.providers.map((p) => [p.name, compileGlobs(p.models)]));
  const lists = new Map<string, readonly CatalogEntry[]>();
  for (const [name, entries] of previous ?? []) if (matchers.has(name)) lists.set(name, entries);
  /** Providers asked for their list at request time: once each, whatever the answer. */
  const asked = new Map<string, Promise<void>>();

  const learn = (provider: string, body: unknown) => {
    const routable = matchers.get(provider);
    const entries = modelListOf(provider, body);
    if (!routable || !entries) return;
    lists.set(
      provider,
      entries.filter((entry) => routable(entry.id)),
    );
  };
  const ask = (provider: string): Promise<void> => {
    let pending = asked.get(provider);
    if (!pending) {
      // an unreachable provider lists nothing; its health check reports why
      pending = fetchList(provider).then(
        (body) => learn(provider, body),
        () => {},
      );
      asked.set(provider, pending);
    }
    return pending;
  };
  return {
    learn,
    async list(allows) {
      const missing = [...matchers.keys()].filter((name) => !lists.has(name));
      if (missing.length > 0) await Promise.all(missing.map(ask));
      const byId = new Map<string, CatalogEntry>();
      for (const entry of fromConfig) byId.set(entry.id, entry);
      for (const entries of lists.values()) {
        for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
      }
      const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
      return allows ? all.filter((entry) => allows(entry.id)) : all;
    },
    learned: () => lists,
  };
}

/** The catalog in the caller's dialect. */
export function modelListResponse(entries: CatalogEntry[], anthropic: boolean): Response {
  if (!anthropic) {
    return Response.json({
      object: "list",
      data: entries.map((entry) => ({
        id: entry.id,
        object: "model",
        created: entry.created,
        owned_by: entry.provider,
      })),
    });
  }
  return Response.json({
    data: entries.map((entry) => ({
      type: "model",
      id: entry.id,
      display_name: entry.displayName,
      created_at: new Date(entry.created * 1000).toISOString(),
    })),
    has_more: false,
    first_id: entries[0]?.id ?? null,
    last_id: entries.at(-1)?.id ?? null,
  });
}

// --- internal ---

function configuredModels(config: Config): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  const add = (id: string, provider: string) => {
    if (!isGlob(id)) entries.push({ id, provider, created: 0, displayName: id });
  };
  for (const provider of config.providers) {
    for (const model of provider.models) add(model, provider.name);
    for (const model of Object.keys(provider.model_map)) add(model, provider.name);
  }
  for (const route of config.routes) add(route.model, route.providers[0] ?? "llm-proxy");
  return entries;
}

function isGlob(model: string): boolean {
  return model.includes("*") || model.includes("?");
}

/** `data[].id` of an OpenAI, Azure or Anthropic model list; undefined for another shape. */
function modelListOf(provider: string, body: unknown): CatalogEntry[] | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data)) return undefined;
  const entries: CatalogEntry[] = [];
  for (const item of data) {
    if (typeof item !== "object" || item === null) continue;
    const { id, created, created_at, display_name } = item as Record<string, unknown>;
    if (typeof id !== "string" || id === "") continue;
    entries.push({
      id,
      provider,
      created: createdSeconds(created, created_at),
      displayName: typeof display_name === "string" ? display_name : id,
    });
  }
  return entries;
}

function createdSeconds(created: unknown, createdAt: unknown): number {
  if (typeof created === "number" && Number.isFinite(created)) return Math.floor(created);
  if (typeof createdAt === "string") {
    const ms = Date.parse(createdAt);
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  return 0;
}
