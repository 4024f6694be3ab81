// Public types of the translation core: the dialects, what a translated request is, and refusals.

export type { ApiDialect } from "../shared/index.ts";

/** The provider's settings a translation needs. */
export type TranslateOptions = {
  /** The provider's `default_max_tokens` (4096 when unset): Anthropic requires a max_tokens. */
  defaultMaxTokens: number;
};

export type TranslatedRequest = {
  body: Record<string, unknown>;
  /** The upstream path in /v1 form, e.g. "/v1/messages". */
  path: string;
  /** What the target cannot take, as DESIGN.md paths: "metadata", "tools[web_search]". */
  dropped: string[];
};

/** Why a request cannot go to a dialect: 400 `untranslatable_field` naming `param`. */
export type Untranslatable = { param: string; message: string };

export type RequestTranslation =
  | { ok: true; request: TranslatedRequest }
  | { ok: false; error: Untranslatable };

/** Same shape as StreamTransform in src/upstream/stream-guard.ts. */
export type StreamTranslator = {
  push(chunk: Uint8Array): Uint8Array | null;
  flush(): Uint8Array | null;
};

/** Epoch milliseconds: the only clock translation needs (for `created` fields). */
export type WallClock = { now(): number };
