// Reads the client body once (so every attempt can replay it) and finds the requested model.
// The read has a deadline (server.body_timeout) and counts against server.max_body_in_flight,
// so a client that sends half a body and goes quiet holds neither a slot nor unbounded memory.

import type { ByteBudget } from "../shared/index.ts";
import { concatBytes, ProxyError } from "../shared/index.ts";

export type ClientBody = {
  bytes: Uint8Array | null;
  /** Parsed JSON object when the body is one; used for the model and for model_map rewrites. */
  json: Record<string, unknown> | undefined;
  model: string | undefined;
};

const emptyBody: ClientBody = { bytes: null, json: undefined, model: undefined };
const decoder = new TextDecoder();

export type BodyLimits = {
  maxBytes: number;
  timeoutMs: number;
  /** Bytes of all bodies being read at once. */
  budget: ByteBudget;
};

export async function readClientBody(request: Request, limits: BodyLimits): Promise<ClientBody> {
  if (request.method === "GET" || request.method === "HEAD") return emptyBody;
  const bytes = await readWithin(request, limits);
  if (bytes.byteLength === 0) return emptyBody;
  return parseBody(bytes, request.headers.get("content-type"));
}

function parseBody(bytes: Uint8Array, contentType: string | null): ClientBody {
  if (isBinary(contentType)) return { bytes, json: undefined, model: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : "parse error";
    throw new ProxyError("invalid_request", `request body is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { bytes, json: undefined, model: undefined };
  }
  const json = parsed as Record<string, unknown>;
  return { bytes, json, model: typeof json.model === "string" ? json.model : undefined };
}

/** The body to send upstream for a (possibly mapped) model: unchanged bytes when it is the same. */
export function bodyForModel(
  body: ClientBody,
  upstreamModel: string | undefined,
): Uint8Array | null {
  if (!body.json || upstreamModel === undefined || upstreamModel === body.model) return body.bytes;
  return encoder.encode(JSON.stringify({ ...body.json, model: upstreamModel }));
}

// --- internal ---

async function readWithin(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  const length = request.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  // a declared length is taken from the budget up front; a chunked body as it arrives
  const reserved = length === null ? 0 : declared;
  if (!limits.budget.take(reserved)) throw budgetFull(limits.budget);
  let counted = reserved;
  let timer: Timer | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut(limits.timeoutMs)), limits.timeoutMs);
  });
  try {
    // a declared length is enforced by the HTTP framing: read it in one go (Bun's fast path;
    // bytes() costs half of arrayBuffer() and a Uint8Array over it)
    const read =
      length !== null
        ? request.bytes()
        : readAtMost(request, limits.maxBytes, (bytes) => {
            if (!limits.budget.take(bytes)) throw budgetFull(limits.budget);
            counted += bytes;
          });
    return await Promise.race([read, deadline]);
  } catch (error: unknown) {
    if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    limits.budget.give(counted);
  }
}

/** LLM endpoints take JSON except for uploads; `curl -d` labels JSON as a form, so trust the body. */
function isBinary(contentType: string | null): boolean {
  if (!contentType) return false;
  return binaryContentType.test(contentType);
}

// made once: a RegExp literal in the function would be a new object for every request
const binaryContentType = /multipart\/|octet-stream|^audio\/|^image\//;

/** Stops reading (and cancels the upload) as soon as a chunked body passes the limit. */
async function readAtMost(
  request: Request,
  maxBytes: number,
  count: (bytes: number) => void,
): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(maxBytes); // leaving the loop cancels the upload
    count(chunk.byteLength);
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

function timedOut(timeoutMs: number): ProxyError {
  return new ProxyError(
    "request_timeout",
    `the request body did not arrive within server.body_timeout (${timeoutMs} ms)`,
  );
}

function budgetFull(budget: ByteBudget): ProxyError {
  return new ProxyError(
    "body_queue_full",
    `request bodies being read fill server.max_body_in_flight (${budget.inUse()} bytes); retry shortly`,
    { headers: { "retry-after": "1" } },
  );
}

function tooLarge(maxBytes: number): ProxyError {
  return new ProxyError(
    "payload_too_large",
    `request body exceeds server.max_body (${maxBytes} bytes)`,
  );
}

const encoder = new TextEncoder();
