// bun-features: bun-bare plus the shipped defaults' features, written as directly as a small Bun
// gateway would write them: what those features cost in Bun, apart from any gateway's own
// structure (it has no routing, fallback, limits or timeouts). It checks a client
// token (SHA-256, then a map), reads the body for the model and the conversation's id, forwards
// with the upstream key, reads the answer for its usage, and keeps a usage row and a trace (both
// header sets, both bodies up to 256 KB) that it writes to sqlite in one transaction every 200
// ms, in the rows llm-proxy writes (its schema, per-batch minute rollups and packed bodies);
// it counts metrics and writes one log line per request, batched per turn of the event loop.
// A small answer is read whole; a stream or a large one goes through a JS ReadableStream.
// usage: BUN_CONFIG_MAX_HTTP_REQUESTS=16384 bun scripts/bench/bun-features.ts --upstream ORIGIN
//        --db FILE [--port N]   (a client token is printed on start; send it as a Bearer token)

import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { openStore } from "../../src/store/database.ts";
import { packBody } from "../../src/store/trace-bodies.ts";
import { createUsageRollup } from "../../src/store/usage-stats.ts";

const { values } = parseArgs({
  options: {
    upstream: { type: "string" },
    port: { type: "string" },
    db: { type: "string" },
  },
});
const upstream = values.upstream ?? "";
if (!upstream.startsWith("http")) throw new Error("--upstream http://host:port is required");
if (values.db === undefined) throw new Error("--db FILE is required");

const { db } = openStore(values.db);
const clientToken = "sk-features-0123456789abcdefghijklmnopqrstuv";
const tokens = new Map([[hexOf(clientToken), { id: "tok_features", project: "bench" }]]);
const sessions = new Map<string, string>();
const counters = new Map<string, number>();

type UsageRow = Record<string, string | number | null>;
type TraceRow = Record<string, string | number | Uint8Array | null>;
let usageRows: UsageRow[] = [];
let traceRows: TraceRow[] = [];
const insertUsage = db.query<null, UsageRow>(
  `insert into usage_records (at, request_id, project, token_id, provider, model, model_served,
     status, attempts, ttfb_ms, total_ms, input_tokens, output_tokens, cached_tokens,
     cache_read_tokens, cache_write_tokens, cost_usd, estimated, cache_status, session_id,
     error_class)
   values ($at, $request_id, $project, $token_id, $provider, $model, $model_served, $status, 1,
     $ttfb_ms, $total_ms, $input_tokens, $output_tokens, 0, 0, 0, $cost_usd, 0, null,
     $session_id, null)`,
);
const insertTrace = db.query<null, TraceRow>(
  `insert into traces (id, request_id, at, method, path, model, provider, status, duration_ms,
     session_id, request_headers, request_body, response_headers, response_body, response_text,
     truncated)
   values ($id, $request_id, $at, $method, $path, $model, $provider, $status, $duration_ms,
     $session_id, $request_headers, $request_body, $response_headers, $response_body, null, 0)`,
);
const usageRollup = createUsageRollup(db);
const writeAll = db.transaction((usage: UsageRow[], traces: TraceRow[]) => {
  const lastIdBefore = usageRollup.before();
  for (const row of usage) insertUsage.run(row);
  usageRollup.after(lastIdBefore);
  for (const row of traces) insertTrace.run(row);
});
function writeRows(): void {
  const usage = usageRows;
  const traces = traceRows;
  usageRows = [];
  traceRows = [];
  if (usage.length + traces.length > 0) writeAll.immediate(usage, traces);
}
setInterval(writeRows, 200);
// what is buffered is written before a stop (and a profile, if one is taken, is written too)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    writeRows();
    db.close();
    process.exit(0);
  });
}

let logLines: string[] = [];
let logScheduled = false;
function log(line: string): void {
  logLines.push(line);
  if (logScheduled) return;
  logScheduled = true;
  setImmediate(() => {
    logScheduled = false;
    writeSync(2, `${logLines.join("\n")}\n`);
    logLines = [];
  });
}

/** traces.max_body as shipped. */
const maxBody = 256 * 1024;
const usageTailBytes = 16 * 1024;
let nextId = 0;
const decoder = new TextDecoder();

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(values.port ?? 0),
  idleTimeout: 0,
  async fetch(req) {
    const started = performance.now();
    const token = tokens.get(hexOf((req.headers.get("authorization") ?? "").slice(7)));
    if (token === undefined) return new Response("unauthorized", { status: 401 });
    const requestBytes = await req.bytes();
    const request = JSON.parse(decoder.decode(requestBytes)) as {
      model: string;
      messages: { content: string }[];
    };
    const conversation = Bun.hash(request.messages[0]?.content ?? "").toString(36);
    let sessionId = sessions.get(conversation);
    if (sessionId === undefined) {
      sessionId = `ses_${conversation}`;
      sessions.set(conversation, sessionId);
    }
    const requestId = `req_${(nextId++).toString(36)}`;
    const headers = new Headers(req.headers);
    headers.set("authorization", "Bearer sk-upstream-key");
    const pathStart = req.url.indexOf("/", req.url.indexOf("//") + 2);
    const path = req.url.slice(pathStart);
    const answer = await fetch(upstream + path, {
      method: req.method,
      headers,
      body: requestBytes,
      signal: req.signal,
    });
    const firstByteMs = performance.now() - started;
    const responseHeaders = new Headers(answer.headers);
    responseHeaders.set("x-request-id", requestId);
    responseHeaders.set("x-session-id", sessionId);
    const finish = (responseBody: Uint8Array, usage: Record<string, number> | undefined) =>
      record(
        { req, path, requestId, sessionId, token, model: request.model, requestBytes },
        { answer, responseBody, usage, started, firstByteMs },
      );
    const declared = Number(answer.headers.get("content-length") ?? Number.NaN);
    if (answer.body !== null && !(declared <= maxBody)) {
      // a stream or a large answer goes on as it comes; a copy of its start is kept for the
      // trace, and its last read for the usage
      const reader = answer.body.getReader();
      const kept: Uint8Array[] = [];
      let keptBytes = 0;
      let last: Uint8Array | undefined;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            finish(concat(kept, keptBytes), usageIn(last?.subarray(-usageTailBytes)));
            return;
          }
          if (keptBytes < maxBody) {
            kept.push(value);
            keptBytes += value.byteLength;
          }
          last = value;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return new Response(stream, { status: answer.status, headers: responseHeaders });
    }
    const answerBytes = await answer.bytes();
    // usage comes last in an OpenAI answer: its tail is all that needs reading
    finish(answerBytes.subarray(0, maxBody), usageIn(answerBytes.subarray(-usageTailBytes)));
    return new Response(answerBytes, { status: answer.status, headers: responseHeaders });
  },
});
console.log(`bun-features listening on ${server.url.origin}, forwarding to ${upstream}`);
console.log(`client token: ${clientToken}`);

type Asked = {
  req: Request;
  path: string;
  requestId: string;
  sessionId: string;
  token: { id: string; project: string };
  model: string;
  requestBytes: Uint8Array;
};
type Answered = {
  answer: Response;
  responseBody: Uint8Array;
  usage: Record<string, number> | undefined;
  started: number;
  firstByteMs: number;
};

/** The usage row, the trace, a metric and a log line of a finished request. */
function record(asked: Asked, answered: Answered): void {
  const { answer, usage } = answered;
  const totalMs = performance.now() - answered.started;
  const at = Date.now();
  const inputTokens = usage?.prompt_tokens ?? 0;
  const outputTokens = usage?.completion_tokens ?? 0;
  usageRows.push({
    at,
    request_id: asked.requestId,
    project: asked.token.project,
    token_id: asked.token.id,
    provider: "openai",
    model: asked.model,
    model_served: asked.model,
    status: answer.status,
    ttfb_ms: answered.firstByteMs,
    total_ms: totalMs,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cost_usd: (inputTokens * 0.15 + outputTokens * 0.6) / 1e6,
    session_id: asked.sessionId,
  });
  const requestHeaders = Object.fromEntries(asked.req.headers);
  requestHeaders.authorization = "[REDACTED]";
  traceRows.push({
    id: `trc_${at.toString(16)}${asked.requestId}`,
    request_id: asked.requestId,
    at,
    method: asked.req.method,
    path: asked.path,
    model: asked.model,
    provider: "openai",
    status: answer.status,
    duration_ms: totalMs,
    session_id: asked.sessionId,
    request_headers: JSON.stringify(requestHeaders),
    request_body: packBody(asked.requestBytes.subarray(0, maxBody)),
    response_headers: JSON.stringify(Object.fromEntries(answer.headers)),
    response_body: packBody(answered.responseBody),
  });
  const key = `openai ${asked.model} ${answer.status}`;
  counters.set(key, (counters.get(key) ?? 0) + 1);
  log(
    `${new Date(at).toISOString()} INFO POST ${asked.path} ${answer.status} ${totalMs.toFixed(1)}ms`,
  );
}

/** An OpenAI answer's usage, when this end of it (a stream's last read) carries it. */
function usageIn(chunk: Uint8Array | undefined): Record<string, number> | undefined {
  if (chunk === undefined) return undefined;
  const text = decoder.decode(chunk);
  const at = text.lastIndexOf('"usage":{');
  if (at < 0) return undefined;
  const end = text.indexOf("}", at);
  try {
    return JSON.parse(text.slice(at + 8, end + 1)) as Record<string, number>;
  } catch {
    return undefined;
  }
}

function concat(chunks: Uint8Array[], bytes: number): Uint8Array {
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined.subarray(0, maxBody);
}

function hexOf(text: string): string {
  return Bun.SHA256.hash(text, "hex");
}
