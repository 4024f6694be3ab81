// How long a shared budget reservation may be held: long enough for the longest request, retries
// included, so it never expires in Redis while its request still runs.

import { expect, test } from "bun:test";
import { longestRequestMs } from "../../../src/app/client-auth.ts";
import { parseConfigObject } from "../../../src/config/index.ts";

test("a reservation outlives the body, the queue, every attempt before the last and the last", () => {
  const config = parseConfigObject(
    {
      server: { body_timeout: "30s" },
      queue: { timeout: "5s" },
      timeouts: { first_byte: "20s", request: "100s" },
      routing: { retries: 2, slot_wait: "1s" },
      providers: [
        { name: "a", type: "openai", base_url: "http://127.0.0.1:9/v1" },
        {
          name: "b",
          type: "openai",
          base_url: "http://127.0.0.1:9/v1",
          timeouts: { first_byte: "40s", request: "200s" },
        },
      ],
    },
    { env: {}, baseDir: "/", source: "test" },
  );
  // 2 attempts of up to 40 s before their first byte, a slot wait before each of the 3
  const attempts = 2 * 40_000 + 3 * 1_000 + 200_000;
  expect(longestRequestMs(config)).toBe(30_000 + 5_000 + attempts + 60_000);
});
