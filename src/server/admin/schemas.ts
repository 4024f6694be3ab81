// zod schemas of the admin API's request bodies. Limits are one shape shared by token create
// and PATCH, so a new field (budgets) is one line here and one in the handler.

import { z } from "zod";

const positiveInteger = z
  .int({ error: "expected a positive integer" })
  .min(1, { error: "expected a positive integer" });
const nonEmptyString = z
  .string({ error: "expected a non-empty string" })
  .min(1, { error: "expected a non-empty string" });
const modelGlobs = z.array(
  z
    .string({ error: "expected a non-empty model glob" })
    .min(1, { error: "expected a non-empty model glob" }),
  { error: "expected an array of model globs" },
);

/** Token limits: absent leaves a value as it is, null removes it. */
const tokenLimits = {
  rpm: positiveInteger.nullable().optional(),
  tpm: positiveInteger.nullable().optional(),
  max_requests: positiveInteger.nullable().optional(),
  models: modelGlobs.nullable().optional(),
};

export const createTokenBody = z.strictObject({
  project: nonEmptyString,
  name: z.string({ error: "expected a string" }).nullable().optional(),
  expires: z.string({ error: "expected a string" }).nullable().optional(),
  ...tokenLimits,
});

export const patchTokenBody = z
  .strictObject({ name: z.string({ error: "expected a string" }).optional(), ...tokenLimits })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: `expected at least one of name, ${Object.keys(tokenLimits).join(", ")}`,
  });

export type TokenPatch = z.output<typeof patchTokenBody>;

export const createProjectBody = z.strictObject({ name: nonEmptyString });

export const patchProjectBody = z.strictObject({
  active: z.boolean({ error: "expected true or false" }),
});
