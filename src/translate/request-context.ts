// What one request translation collects: the dropped paths, and the refusal that ends it.

import { isPresent, type JsonObject } from "./json-values.ts";
import type { Untranslatable } from "./types.ts";

export type RequestContext = {
  readonly dropped: string[];
  /** Names a path the target cannot take; each path is named once. */
  drop(path: string): void;
  /** Ends the translation: the target would answer something else than the client asked. */
  refuse(param: string, message: string): never;
};

/** Thrown by refuse(); caught where the translation started and returned as a value. */
export class UntranslatableFieldError extends Error {
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.name = "UntranslatableFieldError";
    this.param = param;
  }

  toUntranslatable(): Untranslatable {
    return { param: this.param, message: this.message };
  }
}

export function createRequestContext(): RequestContext {
  const dropped: string[] = [];
  const seen = new Set<string>();
  return {
    dropped,
    drop(path) {
      if (seen.has(path)) return;
      seen.add(path);
      dropped.push(path);
    },
    refuse(param, message) {
      throw new UntranslatableFieldError(param, message);
    },
  };
}

/** Names every present top-level field the translator did not take, so nothing goes silently. */
export function dropUnhandled(
  body: JsonObject,
  handled: ReadonlySet<string>,
  context: RequestContext,
): void {
  for (const [key, value] of Object.entries(body)) {
    if (!handled.has(key) && isPresent(value)) context.drop(key);
  }
}
