// The answer of a candidate whose request was translated, turned back into the client's dialect:
// a whole JSON body or an error body at once, an SSE stream event by event (DESIGN.md).

import {
  createStreamTranslator,
  translateErrorBody,
  translateResponseBody,
} from "../translate/index.ts";
import type { Candidate } from "./attempt.ts";
import type { StreamTransform } from "./stream-guard.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export type ClientAnswer = { status: number; body: Uint8Array };

/**
 * The client's status and bytes of a whole answer: the upstream's own when nothing was
 * translated. A translated body is JSON in the client's dialect, so its headers say so.
 */
export function clientAnswerOf(
  candidate: Candidate,
  status: number,
  body: Uint8Array,
  headers: Headers,
): ClientAnswer {
  const translation = candidate.translation;
  if (!translation) return { status, body };
  headers.set("content-type", "application/json");
  const { upstream, client, clientRequest } = translation;
  if (status >= 400) return { status, body: translateErrorBody(upstream, client, status, body) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    // not JSON: the client gets an error in its own dialect rather than bytes it cannot read
    return { status: 502, body: translateErrorBody(upstream, client, 502, body) };
  }
  const translated = translateResponseBody(upstream, client, parsed, clientRequest);
  return { status, body: encoder.encode(JSON.stringify(translated)) };
}

/** The stream translator of a translated candidate's SSE answer. */
export function streamTranslatorOf(candidate: Candidate): StreamTransform | undefined {
  const translation = candidate.translation;
  if (!translation) return undefined;
  return createStreamTranslator(
    translation.upstream,
    translation.client,
    translation.clientRequest,
  );
}
