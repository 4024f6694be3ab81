// Turns zod issues into config problems, with a did-you-mean for misspelled keys.

import type { z } from "zod";
import type { ConfigProblem } from "./config-error.ts";

export function describeIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = toDottedPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const keyPath = path ? `${path}.${key}` : key;
        const suggestion = closestMatch(key, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
        const options = known.length > 0 ? `; known keys: ${known.join(", ")}` : "";
        problems.push({ path: keyPath, message: `unknown key${hint}${options}` });
      }
      continue;
    }
    problems.push({ path, message: issue.message.replace(/^Invalid input: /, "") });
  }
  return problems;
}

export function toDottedPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

// --- internal ---

type SchemaDef = {
  type?: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
};

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!next) return current;
    current = next;
  }
  return current;
}

function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const part of path) {
    if (!current) return [];
    const def = defOf(current);
    if (def.type === "array" && typeof part === "number") current = def.element;
    else if (def.type === "object" && typeof part === "string") current = def.shape?.[part];
    else return [];
    current = current ? unwrap(current) : undefined;
  }
  const def = current ? defOf(current) : undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

export function closestMatch(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(key.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
