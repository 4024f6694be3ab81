// This process's own rpm and tpm windows: a request is counted against rpm only once both
// limits let it through, as the shared (Redis) script does.

import { expect, test } from "bun:test";
import { createLocalLimits } from "../../../src/auth/token-limits.ts";
import type { TokenRecord } from "../../../src/store/index.ts";
import { manualClock } from "../../support/manual-clock.ts";

const token: TokenRecord = {
  id: "tok_1",
  prefix: "sk-llmp-abcd",
  project_id: "prj_1",
  name: "",
  created_at: 0,
  expires_at: null,
  revoked_at: null,
  last_used_at: null,
  request_count: 0,
  max_requests: null,
  models: null,
  rpm: 2,
  tpm: 100,
  budget: null,
};
const usage = { recordedRequests: async () => 0 };

test("a request refused by tpm does not use up rpm", async () => {
  const limits = createLocalLimits(manualClock());
  for (let i = 0; i < 3; i++) {
    await expect(limits.admit(token, 500, usage)).rejects.toThrow("100 tokens per minute");
  }
  await limits.admit(token, 10, usage);
  await limits.admit(token, 10, usage);
  await expect(limits.admit(token, 10, usage)).rejects.toThrow("2 requests per minute");
});
