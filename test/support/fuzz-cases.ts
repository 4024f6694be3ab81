// Seeded malformed requests for the fuzz test: broken and hostile bodies, odd methods and
// targets, huge and duplicate headers, against proxied paths, built-ins and the admin API.

export type FuzzCase = { label: string; head: string; body: Uint8Array | string };

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fuzzPaths = [
  "/v1/chat/completions",
  "/v1/messages",
  "/v1/messages/count_tokens",
  "/v1/responses",
  "/v1/embeddings",
  "/v1/models",
  "/health",
  "/ready",
  "/config",
  "/metrics",
  "/admin/tokens",
  "/admin/projects",
  "/admin/projects/%ZZ",
  "/admin/tokens/%ZZ",
  "/admin/traces/%E0%A4%A",
];

const hostileTargets = [
  "//evil.test/v1/chat/completions",
  "/v1/%2e%2e/admin/tokens",
  "/v1/chat%2fcompletions",
  "/v1//messages",
  "/v1/messages%00",
  "/%ZZ/v1/chat/completions",
  "/v1/chat/completions?api_key=%ZZ&x=\u00ff",
];

const methods = [
  "GET",
  "POST",
  "POST",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "TRACE",
  "FOO",
];

export function fuzzCases(random: () => number, count: number, adminKey: string): FuzzCase[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const body = pick(bodyMakers)(random);
    const target = random() < 0.15 ? pick(hostileTargets) : pick(fuzzPaths);
    const method = pick(methods);
    const headers = pick(headerMakers)(random, body.bytes.byteLength, adminKey);
    return {
      label: `#${index} ${method} ${target} ${body.kind} ${headers.kind}`,
      head: [
        `${method} ${target} HTTP/1.1`,
        "Host: 127.0.0.1",
        "Connection: close",
        ...headers.lines,
      ].join("\r\n"),
      body: body.bytes,
    };
  });
}

// --- internal ---

type Body = { kind: string; bytes: Uint8Array };
const encoder = new TextEncoder();
const text = (kind: string, value: string): Body => ({ kind, bytes: encoder.encode(value) });
const valid = '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"max_tokens":5}';

const bodyMakers: ((random: () => number) => Body)[] = [
  (random) => text("truncated", valid.slice(0, Math.floor(random() * valid.length))),
  (random) =>
    text("garbage", String.fromCharCode(...Array.from({ length: 64 }, () => random() * 127))),
  () => ({ kind: "bad-utf8", bytes: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x7d]) }),
  () => text("nul", '{"model":"gpt\u0000test","messages":[{"role":"user","content":"a\u0000b"}]}'),
  (random) => text("deep", `${"[".repeat(1_000 + Math.floor(random() * 50_000))}1`),
  (random) => text("deep-object", `${'{"a":'.repeat(1_000 + Math.floor(random() * 20_000))}1`),
  () => text("wrong-types", '{"model":123,"messages":"hi","stream":"yes","max_tokens":-1}'),
  () => text("null-fields", '{"model":null,"messages":[null,{"role":5,"content":{}}]}'),
  () => text("huge-model", JSON.stringify({ model: "m".repeat(200_000), messages: [] })),
  (random) => text("scalar", pickScalar(random)),
  () => text("empty", ""),
  () => text("valid", valid),
  () => text("stream-bad", '{"model":"gpt-test","stream":true,"messages":[{"role":"user"}]}'),
];

function pickScalar(random: () => number): string {
  const scalars = ["null", "[]", '"str"', "true", "1e309", "{}", "[{}]"];
  return scalars[Math.floor(random() * scalars.length)] as string;
}

type Headers = { kind: string; lines: string[] };
type HeaderMaker = (random: () => number, length: number, adminKey: string) => Headers;

const headerMakers: HeaderMaker[] = [
  (_r, length) => ({ kind: "plain", lines: [`Content-Length: ${length}`] }),
  (_r, length) => ({
    kind: "json",
    lines: ["Content-Type: application/json", `Content-Length: ${length}`],
  }),
  (_r, length, key) => ({
    kind: "admin",
    lines: [`Authorization: Bearer ${key}`, `Content-Length: ${length}`],
  }),
  (_r, length) => ({
    kind: "dup-length",
    lines: [`Content-Length: ${length}`, `Content-Length: ${length + 7}`],
  }),
  (random, length) => ({
    kind: "huge-header",
    lines: [
      `X-Big: ${"b".repeat(4_000 + Math.floor(random() * 60_000))}`,
      `Content-Length: ${length}`,
    ],
  }),
  (_r, length) => ({
    kind: "bad-request-id",
    lines: [`X-Request-Id: ${"<script>".repeat(40)}`, `Content-Length: ${length}`],
  }),
  (_r, length) => ({
    kind: "junk-auth",
    lines: [
      "Authorization: Bearer sk-llmp-\u00ff\u00fe",
      "X-Api-Key: ",
      `Content-Length: ${length}`,
    ],
  }),
  () => ({ kind: "no-length", lines: [] }),
];
