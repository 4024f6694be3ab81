// Reading fields of JSON values of unknown shape without throwing.

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** null and undefined both mean "not sent". */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function recordAt(value: unknown, key: string): JsonObject | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return isRecord(field) ? field : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === "string" ? field : undefined;
}

export function numberAt(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === "number" && Number.isFinite(field) ? field : undefined;
}

export function arrayAt(value: unknown, key: string): unknown[] {
  if (!isRecord(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field : [];
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Tool-call arguments as an object; anything else (invalid JSON, an array) is undefined. */
export function parseJsonObject(text: string): JsonObject | undefined {
  const parsed = parseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

/** Copies the listed fields that are present, unchanged. */
export function copyPresent(from: JsonObject, to: JsonObject, keys: readonly string[]): void {
  for (const key of keys) {
    if (isPresent(from[key])) to[key] = from[key];
  }
}
