// The request one candidate gets: the client's own bytes when the provider speaks the client's
// dialect (pass-through, byte for byte but for model_map), else the request translated to the
// provider's first dialect, or a refusal that skips this candidate (DESIGN.md, translation).

import type { ProviderConfig } from "../config/index.ts";
import type { ApiDialect } from "../shared/index.ts";
import {
  canTranslate,
  countTokensEstimate,
  translateRequest,
  type Untranslatable,
} from "../translate/index.ts";
import type { CandidateTranslation } from "../upstream/index.ts";
import { bodyForModel, type ClientBody } from "./request-body.ts";

export type CandidateRequest =
  | {
      ok: true;
      pathname: string;
      body: Uint8Array | null;
      translation?: CandidateTranslation;
      /** Answered by the proxy itself, without a call (count_tokens to a non-Anthropic one). */
      localAnswer?: () => Response;
    }
  | { ok: false; refusal: Untranslatable };

const countTokensPath = "/v1/messages/count_tokens";

const encoder = new TextEncoder();

/** What a candidate's request is made from: the body to pass through, and the client's own. */
export type RequestSource = {
  inbound: ApiDialect | undefined;
  pathname: string;
  /** The body a pass-through sends (include_stream_usage may have added to it). */
  body: ClientBody;
  /** The body exactly as the client sent it: the one a translation starts from. */
  clientBody: ClientBody;
};

/** `speaks`: the provider's dialects (its target's, resolved once per config). */
export function requestFor(
  provider: ProviderConfig,
  speaks: readonly ApiDialect[],
  source: RequestSource,
  upstreamModel: string | undefined,
): CandidateRequest {
  const { inbound, pathname } = source;
  const body = source.clientBody;
  if (pathname === countTokensPath && !speaks.includes("anthropic-messages")) {
    return { ok: true, pathname, body: null, localAnswer: () => estimatedCount(body.json) };
  }
  if (inbound === undefined || speaks.includes(inbound) || !body.json) {
    return { ok: true, pathname, body: bodyForModel(source.body, upstreamModel) };
  }
  const target = speaks[0] as ApiDialect;
  if (!canTranslate(inbound, target)) {
    const message = `provider ${provider.name} speaks ${speaks.join(", ")}, and ${inbound} cannot be translated to it`;
    return { ok: false, refusal: { param: "model", message } };
  }
  const json = upstreamModel === undefined ? body.json : { ...body.json, model: upstreamModel };
  const translated = translateRequest(inbound, target, json, {
    defaultMaxTokens: provider.default_max_tokens,
  });
  if (!translated.ok) return { ok: false, refusal: translated.error };
  const { request } = translated;
  return {
    ok: true,
    pathname: request.path,
    body: encoder.encode(JSON.stringify(request.body)),
    translation: {
      client: inbound,
      upstream: target,
      dropped: request.dropped,
      clientRequest: body.json,
    },
  };
}

/** Anthropic's count_tokens answer from a local estimate, marked as one. */
function estimatedCount(json: Record<string, unknown> | undefined): Response {
  const inputTokens = json ? countTokensEstimate("anthropic-messages", json) : 0;
  return Response.json(
    { input_tokens: inputTokens },
    { headers: { "x-llm-proxy-estimated": "true" } },
  );
}
