// Whether a JSON schema fits OpenAI's strict structured outputs, which refuse (400) any schema where
// an object does not list every property as required or allows properties beyond them.

import { arrayAt, isRecord } from "./json-values.ts";

export function fitsStrictMode(schema: unknown): boolean {
  if (!isRecord(schema)) return true;
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (schema.type === "object" || properties !== undefined) {
    const required = arrayAt(schema, "required");
    if (schema.additionalProperties !== false) return false;
    if (!Object.keys(properties ?? {}).every((key) => required.includes(key))) return false;
  }
  return subschemas(schema).every(fitsStrictMode);
}

// --- internal ---

const schemaLists = ["anyOf", "allOf", "oneOf", "prefixItems"];
const schemaMaps = ["properties", "$defs", "definitions"];

function subschemas(schema: Record<string, unknown>): unknown[] {
  const found: unknown[] = [schema.items, schema.not];
  for (const key of schemaLists) found.push(...arrayAt(schema, key));
  for (const key of schemaMaps) {
    const map = schema[key];
    if (isRecord(map)) found.push(...Object.values(map));
  }
  return found;
}
