// The cache key: what makes two requests have the same answer. The body is hashed canonically
// (key order and whitespace do not matter) without its `model`, which is replaced by the models
// the upstreams would really be asked for (after model_map), so a model_map change invalidates.

import { canonicalJson } from "./canonical-json.ts";

export type CacheKeyInput = {
  method: string;
  pathname: string;
  /** The query string with its "?", or "". */
  search: string;
  /** The parsed JSON body, when it is a JSON object. */
  json: Record<string, unknown> | undefined;
  /** The raw body, hashed as is when it is not JSON. */
  bytes: Uint8Array | null;
  /** Upstream model names after model_map, for every provider that may answer. */
  upstreamModels: readonly string[];
  headers: Headers;
  /** Lower-case request header names whose values change the answer. */
  varyHeaders: readonly string[];
  /** "global", or the project the answer belongs to. */
  scope: string;
};

/** Headers that change what an upstream answers, always part of the key. */
export const builtinVaryHeaders: readonly string[] = [
  "anthropic-version",
  "anthropic-beta",
  "openai-organization",
  "openai-project",
  "openai-beta",
];

export function cacheKey(input: CacheKeyInput): string {
  const hasher = new Bun.CryptoHasher("sha256");
  const part = (text: string) => {
    hasher.update(text);
    hasher.update("\u0000");
  };
  part(input.scope);
  part(input.method.toUpperCase());
  part(input.pathname);
  part(canonicalQuery(input.search));
  part([...new Set(input.upstreamModels)].sort().join(","));
  for (const name of input.varyHeaders) part(`${name}=${input.headers.get(name) ?? ""}`);
  if (input.json !== undefined) {
    const { model: _model, ...rest } = input.json;
    part(canonicalJson(rest));
  } else if (input.bytes !== null) {
    hasher.update(input.bytes);
  }
  return hasher.digest("hex");
}

// --- internal ---

/** The same parameters in any order give the same key. */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return "";
  const params = new URLSearchParams(search);
  params.sort();
  return params.toString();
}
