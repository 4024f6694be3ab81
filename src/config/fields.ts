// Reusable zod field types for the config schema: durations, sizes, globs and header maps.

import { z } from "zod";
import { parseDurationMs, parseSizeBytes } from "./units.ts";

/** A duration in the config ("30s", "5m", "500ms", "1h", "7d" or bare seconds), parsed to ms. */
export const durationMs = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `expected a duration like 30s, 5m, 500ms or a number of seconds, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return ms;
});

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
