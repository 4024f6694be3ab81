// Duration ("30s", "5m", "500ms", "2d", bare seconds) and size ("10mb", bare bytes) parsing.

const durationUnitsMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const sizeUnitsBytes: Record<string, number> = {
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
};

/** Returns milliseconds, or undefined when the text is not a duration. */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === "number")
    return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? "s").toLowerCase();
  const factor = durationUnitsMs[unit];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

/** Returns bytes, or undefined when the text is not a size. */
export function parseSizeBytes(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const factor = sizeUnitsBytes[(match[2] ?? "b").toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}
