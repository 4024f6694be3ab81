// Turns each sampled request's raw exchange into a redacted trace: credential headers and
// secret query parameters replaced, known secrets scrubbed from bodies, bodies cut at max_body,
// streams kept raw and reassembled into their final text.

import { randomBytes } from "node:crypto";
import { redactHeaders, redactQuery, scrubSecrets } from "../shared/index.ts";
import type { TraceRecord } from "../store/index.ts";
import { exchangeResponseBytes, type Observer } from "./events.ts";
import { clipBody, reassembleStreamText, type TraceWriter } from "./traces/index.ts";

export type TraceObserverOptions = {
  writer: TraceWriter;
  includeHeaders: boolean;
  includeBody: boolean;
  maxBody: number;
  redactHeaderNames: readonly string[];
  /** Upstream keys and the admin key: scrubbed from anything a trace keeps. */
  secrets: readonly string[];
};

export function createTraceObserver(options: TraceObserverOptions): Observer {
  return (event) => {
    if (event.type !== "response_finished" || !event.exchange?.traced) return;
    const { record, exchange } = event;
    const secrets = [...options.secrets, ...presentedCredentials(exchange.request_headers)];
    const keep = (bytes: Uint8Array | string | null) => {
      if (!options.includeBody || bytes === null) return { text: null, truncated: false };
      const clipped = clipBody(bytes, options.maxBody);
      return { text: scrubSecrets(clipped.text, secrets), truncated: clipped.truncated };
    };
    const requestBody = keep(exchange.request_body);
    const responseBytes = exchangeResponseBytes(exchange);
    const streamed = exchange.stream_chunks ? responseBytes : null;
    const responseBody = keep(responseBytes);
    const trace: TraceRecord = {
      id: `trc_${randomBytes(12).toString("base64url")}`,
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
      request_body: requestBody.text,
      response_headers: exchange.response_headers ? headersOf(exchange.response_headers) : null,
      response_body: responseBody.text,
      response_text:
        streamed !== null && options.includeBody
          ? scrubSecrets(reassembleStreamText(new TextDecoder().decode(streamed)), secrets)
          : null,
      truncated: requestBody.truncated || responseBody.truncated || exchange.stream_truncated,
    };
    options.writer.write(trace);
  };

  function headersOf(headers: Headers): Record<string, string> | null {
    return options.includeHeaders ? redactHeaders(headers, options.redactHeaderNames) : null;
  }
}

// --- internal ---

function presentedCredentials(headers: Headers): string[] {
  const values = [headers.get("x-api-key"), headers.get("api-key")];
  const authorization = headers.get("authorization");
  if (authorization) values.push(authorization.replace(/^Bearer\s+/i, ""));
  return values.filter((value): value is string => typeof value === "string" && value.length >= 8);
}
