// Reads fields of parsed upstream JSON without trusting its shape. Hand-written rather than zod:
// these run on every streamed event, and a missing or odd field only means "no usage here".

import { isRecord, type JsonRecord } from "../../shared/index.ts";

export { isRecord, type JsonRecord };

export function recordAt(value: unknown, key: string): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return isRecord(field) ? field : undefined;
}

export function arrayAt(value: unknown, key: string): readonly unknown[] {
  if (!isRecord(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field : [];
}

/** A token count: a finite, non-negative number, else undefined. */
export function countAt(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === "number" && Number.isFinite(field) && field >= 0 ? field : undefined;
}

/** Length of a string field in UTF-16 code units; 0 when it is not a string. */
export function lengthAt(value: unknown, key: string): number {
  if (!isRecord(value)) return 0;
  const field = value[key];
  return typeof field === "string" ? field.length : 0;
}
