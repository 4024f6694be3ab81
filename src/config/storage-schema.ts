// The `storage:` and `shared:` blocks of proxy.config.yaml (DESIGN.md, several instances): where
// the record lives (sqlite or Postgres), and the Redis that makes limits one across instances.

import { z } from "zod";
import { timerMs } from "./fields.ts";

export const storageSchema = z.strictObject({
  /** The sqlite file (the embedded default); unused with `url`. */
  path: z.string().min(1).default("./llm-proxy.db"),
  /** postgres://user:password@host:5432/db: the store of every instance together. */
  url: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
});

export const sharedSchema = z.strictObject({
  redis: z.strictObject({
    /** redis://[user:password@]host:port[/db] or rediss:// */
    url: z.string().regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL"),
    /** Prefix of every key and channel, so instances of one deployment find each other. */
    prefix: z.string().default("llmp:"),
    /** Deadline of each Redis call: a frozen Redis must not hang requests. */
    timeout: timerMs.default(500),
  }),
  /**
   * closed: while Redis is away, callers with a shared limit or budget get 503
   * shared_state_unavailable; open: they proceed on this instance's own limits.
   */
  fail_mode: z.enum(["closed", "open"]).default("closed"),
});

export type StorageConfig = z.infer<typeof storageSchema>;
export type SharedConfig = z.infer<typeof sharedSchema>;
