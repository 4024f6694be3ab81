// Duration ("30s", "5m", "500ms", "2d", bare seconds) and size ("10mb", bare bytes) parsing, and
// the bounds on durations: every one must stay a valid date offset, and a timer must fit setTimeout.

const dayMs = 86_400_000;

const durationUnitsMs: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: dayMs,
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

/** The longest duration accepted anywhere (100 years): `now ± it` is always a date. */
export const maxDurationMs = 36_500 * dayMs;
/**
 * The longest duration that drives a timer: setTimeout keeps a signed 32-bit count of ms
 * (about 24.8 days) and fires at once, not late, past it.
 */
const maxTimerMs = 24 * dayMs;

export type DurationBound = { maxMs: number; why: string };
export const durationBound: DurationBound = { maxMs: maxDurationMs, why: "100 years" };
export const timerBound: DurationBound = { maxMs: maxTimerMs, why: "longer timers fire at once" };

/** Returns milliseconds, or undefined when the text is not a duration or its value is not finite. */
export function parseDurationMs(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? finiteOrUndefined(value * 1000) : undefined;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? "s").toLowerCase();
  const factor = durationUnitsMs[unit];
  return factor === undefined
    ? undefined
    : finiteOrUndefined(Math.round(Number(match[1]) * factor));
}

/**
 * Milliseconds, or why the value is not a duration within the bound; the problem reads after
 * the flag or field name ("--expires: at most 36500d (100 years), got ...").
 */
export function checkDuration(
  value: string | number,
  bound: DurationBound = durationBound,
): { ms: number } | { problem: string } {
  const ms = parseDurationMs(value);
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  if (ms === undefined && !looksLikeHugeDuration(value)) {
    return {
      problem: `expected a duration like 30s, 5m, 500ms or a number of seconds, got ${shown}`,
    };
  }
  if (ms === undefined || ms > bound.maxMs) {
    return { problem: `at most ${formatDuration(bound.maxMs)} (${bound.why}), got ${shown}` };
  }
  return { ms };
}

/** "24d", "90s", "500ms": the largest unit that divides the value exactly. */
export function formatDuration(ms: number): string {
  for (const [unit, factor] of [
    ["d", dayMs],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}

/** Returns bytes, or undefined when the text is not a size. */
export function parseSizeBytes(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(value);
  if (!match?.[1]) return undefined;
  const factor = sizeUnitsBytes[(match[2] ?? "b").toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(match[1]) * factor);
}

// --- internal ---

function finiteOrUndefined(ms: number): number | undefined {
  return Number.isFinite(ms) ? ms : undefined;
}

/** A well-formed duration whose value overflowed (400 digits, 1e308 seconds). */
function looksLikeHugeDuration(value: string | number): boolean {
  if (typeof value === "number") return value === Number.POSITIVE_INFINITY || value > 0;
  return /^\s*\d+(?:\.\d+)?\s*(ms|s|m|h|d)?\s*$/i.test(value);
}
