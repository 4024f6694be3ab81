// Reusable zod field types for the config schema: durations, sizes, globs and header maps.

import { z } from "zod";
import {
  checkDuration,
  type DurationBound,
  durationBound,
  parseSizeBytes,
  timerBound,
} from "./units.ts";

/**
 * A duration in the config ("30s", "5m", "500ms", "1h", "7d" or bare seconds), parsed to ms;
 * at most 36500d.
 */
export const durationMs = boundedDuration(durationBound);

/** A duration that drives a timer (a timeout, an interval, a grace period): at most 24d. */
export const timerMs = boundedDuration(timerBound);

/** A size in the config ("10mb", "512kb" or bare bytes), parsed to bytes. */
export const sizeBytes = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const bytes = parseSizeBytes(value);
  if (bytes === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `expected a size like 10mb, 512kb or a number of bytes, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return bytes;
});

export const headerMap = z.record(z.string().min(1), z.string());

export const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

// --- internal ---

function boundedDuration(bound: DurationBound) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const checked = checkDuration(value, bound);
    if ("problem" in checked) {
      ctx.addIssue({ code: "custom", message: checked.problem });
      return z.NEVER;
    }
    return checked.ms;
  });
}
