// Reads the client body once (so every attempt can replay it) and finds the requested model.

import { concatBytes, ProxyError } from "../shared/index.ts";

export type ClientBody = {
  bytes: Uint8Array | null;
  /** Parsed JSON object when the body is one; used for the model and for model_map rewrites. */
  json: Record<string, unknown> | undefined;
  model: string | undefined;
};

const emptyBody: ClientBody = { bytes: null, json: undefined, model: undefined };
const decoder = new TextDecoder();

export async function readClientBody(request: Request, maxBytes: number): Promise<ClientBody> {
  if (request.method === "GET" || request.method === "HEAD") return emptyBody;
  const length = request.headers.get("content-length");
  const declared = Number(length ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // a declared length is enforced by the HTTP framing: read it in one go (Bun's fast path)
  const bytes =
    length !== null
      ? new Uint8Array(await request.arrayBuffer())
      : await readAtMost(request, maxBytes);
  if (bytes.byteLength === 0) return emptyBody;
  if (isBinary(request.headers.get("content-type")))
    return { bytes, json: undefined, model: undefined };
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
  return new TextEncoder().encode(JSON.stringify({ ...body.json, model: upstreamModel }));
}

// --- internal ---

/** LLM endpoints take JSON except for uploads; `curl -d` labels JSON as a form, so trust the body. */
function isBinary(contentType: string | null): boolean {
  if (!contentType) return false;
  return /multipart\/|octet-stream|^audio\/|^image\//.test(contentType);
}

/** Stops reading (and cancels the upload) as soon as a chunked body passes the limit. */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of request.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await request.body.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}

function tooLarge(maxBytes: number): ProxyError {
  return new ProxyError(
    "payload_too_large",
    `request body exceeds server.max_body (${maxBytes} bytes)`,
  );
}
