// Turns each sampled request's raw exchange into a redacted trace: credential headers and
// secret query parameters replaced, known secrets scrubbed from bodies, bodies cut at max_body,
// streams kept raw (and, for JSONL files, reassembled into their final text at once).

import {
  createHeaderRedactor,
  createSecretNeedles,
  randomBase64url,
  redactQuery,
  type SecretNeedles,
  scrubSecrets,
  scrubSecretsInBytes,
  withSecrets,
} from "../shared/index.ts";
import { bodyText, type NewTrace } from "../store/index.ts";
import { exchangeResponseBytes, type Observer } from "./events.ts";
import { clipBytes, reassembleStreamText, type TraceWriter } from "./traces/index.ts";

export type TraceObserverOptions = {
  writer: TraceWriter;
  includeHeaders: boolean;
  includeBody: boolean;
  maxBody: number;
  redactHeaderNames: readonly string[];
  /** Upstream keys and the admin key: scrubbed from anything a trace keeps. */
  secrets: readonly string[];
  /**
   * Reassemble a stream's final text now (for JSONL files, read as they are); without it the
   * store keeps null and a reader makes it (withStreamText).
   */
  streamTextNow: boolean;
};

export function createTraceObserver(options: TraceObserverOptions): Observer {
  const redactHeaders = createHeaderRedactor(options.redactHeaderNames);
  const needlesFor = createPresentedNeedles(createSecretNeedles(options.secrets));
  return (event) => {
    if (event.type !== "response_finished" || !event.exchange?.traced) return;
    const { record, exchange } = event;
    const secrets = needlesFor(exchange.request_headers);
    const keep = (bytes: Uint8Array | null) => {
      if (!options.includeBody || bytes === null) return { body: null, truncated: false };
      const clipped = clipBytes(bytes, options.maxBody);
      return { body: scrubSecretsInBytes(clipped.bytes, secrets), truncated: clipped.truncated };
    };
    const requestBody = keep(exchange.request_body);
    const responseBytes = exchangeResponseBytes(exchange);
    const streamed = exchange.stream_chunks ? responseBytes : null;
    const responseBody = keep(responseBytes);
    const trace: NewTrace = {
      id: newTraceId(record.at),
      request_id: record.request_id,
      at: record.at,
      method: event.method,
      path: redactQuery(event.path + exchange.query),
      model: record.model,
      provider: record.provider,
      status: record.status,
      duration_ms: record.total_ms,
      session_id: record.session_id,
      request_headers: headersOf(exchange.request_headers),
      request_body: requestBody.body,
      response_headers: exchange.response_headers ? headersOf(exchange.response_headers) : null,
      response_body: responseBody.body,
      response_text:
        streamed !== null && responseBody.body !== null && options.streamTextNow
          ? scrubSecrets(reassembleStreamText(bodyText(responseBody.body) ?? ""), secrets.texts)
          : null,
      truncated: requestBody.truncated || responseBody.truncated || exchange.stream_truncated,
    };
    options.writer.write(trace);
  };

  function headersOf(headers: Headers): Record<string, string> | null {
    return options.includeHeaders ? redactHeaders(headers) : null;
  }
}

// --- internal ---

/**
 * "trc_", the time in hex, then 72 random bits: ids in time order append to the table's primary
 * key index instead of landing all over it, which halves the cost of storing a trace.
 */
function newTraceId(at: number): string {
  const random = randomBase64url(9);
  return `trc_${Math.max(0, Math.floor(at)).toString(16).padStart(12, "0")}${random}`;
}

// made once: a RegExp literal in the function would be a new object for every traced request
const bearerScheme = /^Bearer\s+/i;

/** Sets of presented credentials remembered with their needles; past it, they start over. */
const maxRememberedCredentials = 256;

/**
 * The configured secrets plus the credentials a request presented, merged once per set of
 * credentials: clients send the same token request after request.
 */
function createPresentedNeedles(configured: SecretNeedles): (headers: Headers) => SecretNeedles {
  const remembered = new Map<string, SecretNeedles>();
  return (headers) => {
    const presented = presentedCredentials(headers);
    if (presented.length === 0) return configured;
    const key = presented.join("\n");
    let needles = remembered.get(key);
    if (needles === undefined) {
      if (remembered.size >= maxRememberedCredentials) remembered.clear();
      needles = withSecrets(configured, presented);
      remembered.set(key, needles);
    }
    return needles;
  };
}

/** The credentials the client sent; withSecrets drops those too short to look for. */
function presentedCredentials(headers: Headers): string[] {
  const presented: string[] = [];
  const apiKey = headers.get("x-api-key");
  if (apiKey !== null) presented.push(apiKey);
  const azureKey = headers.get("api-key");
  if (azureKey !== null) presented.push(azureKey);
  const authorization = headers.get("authorization");
  if (authorization) presented.push(authorization.replace(bearerScheme, ""));
  return presented;
}
