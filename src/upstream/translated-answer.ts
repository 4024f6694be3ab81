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

/** The client's bytes of a whole answer; the upstream's own when nothing was translated. */
export function clientBodyOf(candidate: Candidate, status: number, body: Uint8Array): Uint8Array {
  const translation = candidate.translation;
  if (!translation) return body;
  if (status >= 400)
    return translateErrorBody(translation.upstream, translation.client, status, body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    // not JSON: the client gets an error in its own dialect rather than bytes it cannot read
    return translateErrorBody(translation.upstream, translation.client, 502, body);
  }
  const { upstream, client, clientRequest } = translation;
  return encoder.encode(
    JSON.stringify(translateResponseBody(upstream, client, parsed, clientRequest)),
  );
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
