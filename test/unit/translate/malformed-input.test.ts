// Whatever a client sends, translation answers with a value: a request or a refusal, never a throw.

import { expect, test } from "bun:test";
import {
  type ApiDialect,
  canTranslate,
  countTokensEstimate,
  createStreamTranslator,
  translateRequest,
  translateResponseBody,
} from "../../../src/translate/index.ts";
import { claudeCodeFirstRequest, codexRequest } from "./client-requests.ts";

const dialects: ApiDialect[] = ["openai-chat", "openai-responses", "anthropic-messages"];
const odd: unknown[] = [
  null,
  0,
  -1,
  "",
  "x",
  true,
  [],
  {},
  [null],
  [{}],
  { type: 7 },
  { type: "text" },
  [{ type: "image_url" }],
  "data:text/plain;base64,%%%",
];

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Replaces one value somewhere in the body with an odd one, at a seeded random place. */
function corrupt(value: unknown, random: () => number, depth = 0): unknown {
  if (depth > 0 && random() < 0.15) return odd[Math.floor(random() * odd.length)];
  if (Array.isArray(value)) return value.map((item) => corrupt(item, random, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, corrupt(field, random, depth + 1)]),
  );
}

test("corrupted real requests translate or are refused, in every direction, without throwing", () => {
  const random = seeded(42);
  const sources: [ApiDialect, () => Record<string, unknown>][] = [
    ["anthropic-messages", claudeCodeFirstRequest],
    ["openai-responses", codexRequest],
  ];
  let translated = 0;
  for (let run = 0; run < 300; run++) {
    for (const [from, make] of sources) {
      const body = corrupt(make(), random) as Record<string, unknown>;
      for (const to of dialects.filter(
        (dialect) => dialect !== from && canTranslate(from, dialect),
      )) {
        const result = translateRequest(from, to, body, { defaultMaxTokens: 4096 });
        if (result.ok) translated++;
        expect(countTokensEstimate(from, body)).toBeGreaterThanOrEqual(0);
      }
    }
  }
  expect(translated).toBeGreaterThan(100);
});

test("answers and streams of the wrong shape give empty translations, not exceptions", () => {
  const directions: [ApiDialect, ApiDialect][] = [
    ["anthropic-messages", "openai-chat"],
    ["openai-chat", "anthropic-messages"],
    ["openai-chat", "openai-responses"],
    ["anthropic-messages", "openai-responses"],
  ];
  const garbage = new TextEncoder().encode(
    'data: {"choices":[{"delta":7}]}\n\ndata: nope\n\nevent: x\ndata: {"type":"content_block_delta","index":9}\n\n',
  );
  for (const [upstream, client] of directions) {
    for (const body of odd)
      expect(typeof translateResponseBody(upstream, client, body, {})).toBe("object");
    const stream = createStreamTranslator(upstream, client, {});
    stream.push(garbage);
    stream.flush();
  }
});
