// A seeded fuzz run: several hundred malformed requests against the proxied paths, the
// built-ins and /admin. Every answer the proxy writes is below 500 and, when it is an error,
// in the caller's dialect; the server keeps serving; memory stays bounded.

import { expect, test } from "bun:test";
import { fuzzCases, seededRandom } from "../support/fuzz-cases.ts";
import { startProxy, upstreamProvider } from "../support/make-app.ts";
import { startMockUpstream } from "../support/mock-upstream.ts";
import { type RawAnswer, rawExchange } from "../support/raw-http.ts";

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const caseCount = 600;
const concurrency = 16;
const adminKey = "fuzz-admin-key-0123456789";

type Verdict = { bucket: string; problem?: string };

function judge(label: string, path: string, answer: RawAnswer): Verdict {
  if (answer.status === 0) return { bucket: "closed by Bun's HTTP parser" };
  if (answer.headers["x-request-id"] === undefined) {
    // answered by Bun's own parser before our handler ran (e.g. a duplicate content-length)
    const ok = answer.status >= 400 && answer.status < 500;
    return {
      bucket: `Bun ${answer.status}`,
      ...(ok ? {} : { problem: `${label}: Bun answered ${answer.status}` }),
    };
  }
  if (answer.headers["x-llm-proxy-provider"] !== undefined) {
    return { bucket: `upstream ${answer.status}` };
  }
  const bucket = `proxy ${answer.status}`;
  if (answer.status >= 500)
    return { bucket, problem: `${label}: ${answer.status} ${answer.body.slice(0, 200)}` };
  if (answer.status < 400) return { bucket };
  return { bucket, ...dialectProblem(label, path, answer.body) };
}

function dialectProblem(label: string, path: string, body: string): { problem?: string } {
  let parsed: { type?: unknown; error?: { type?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: `${label}: error body is not JSON: ${body.slice(0, 120)}` };
  }
  const anthropic = path.startsWith("/v1/messages");
  const shaped = anthropic
    ? parsed.type === "error" && typeof parsed.error?.type === "string"
    : typeof parsed.error?.message === "string" && typeof parsed.error?.type === "string";
  return shaped
    ? {}
    : { problem: `${label}: not in the ${anthropic ? "Anthropic" : "OpenAI"} shape` };
}

function pathOf(head: string): string {
  const target = head.split(" ")[1] ?? "/";
  return target.split("?")[0] ?? "/";
}

test(`fuzz: ${caseCount} malformed requests (seed ${seed}) get 4xx in their dialect`, async () => {
  await using upstream = startMockUpstream({ recordRequests: false });
  await using proxy = startProxy({
    auth: { mode: "none", admin_key: adminKey },
    server: { body_timeout: "300ms", max_body: "1mb" },
    cache: { enabled: true, backend: "memory" },
    providers: [
      upstreamProvider(upstream.url),
      {
        name: "claude",
        type: "anthropic",
        base_url: upstream.url,
        api_key: "sk-claude-secret",
        models: ["claude-*"],
      },
    ],
  });
  const port = proxy.server.port;
  Bun.gc(true);
  const rssBefore = process.memoryUsage().rss;
  const cases = fuzzCases(seededRandom(seed), caseCount, adminKey);
  const counts = new Map<string, number>();
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const current = cases[next++];
      if (!current) break;
      const answer = await rawExchange(port, current.head, current.body, { timeoutMs: 3_000 });
      const verdict = judge(current.label, pathOf(current.head), answer);
      counts.set(verdict.bucket, (counts.get(verdict.bucket) ?? 0) + 1);
      if (verdict.problem) problems.push(verdict.problem);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // stalled bodies: headers and half a body, then silence
  const stalled = await Promise.all(
    ["/v1/chat/completions", "/v1/messages"].map((path) =>
      rawExchange(
        port,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500`,
        '{"model":',
        { timeoutMs: 3_000 },
      ),
    ),
  );
  for (const answer of stalled) expect(answer.status).toBe(408);

  console.error(`fuzz seed ${seed}: ${JSON.stringify(Object.fromEntries([...counts].sort()))}`);
  expect(problems).toEqual([]);
  const ok = await fetch(`${proxy.baseURL}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: "alive" }] }),
  });
  expect(ok.status).toBe(200);
  Bun.gc(true);
  const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  expect(grownMb).toBeLessThan(100);
}, 30_000);
