// Anthropic Messages API: x-api-key credential; the client's anthropic-version passes through.

import { joinVersionedPath, type Provider } from "./types.ts";

const defaultAnthropicVersion = "2023-06-01";

export const anthropicProvider: Provider = {
  kind: "anthropic",
  dialects: ["anthropic-messages"],
  toUpstreamUrl: (baseUrl, call) => joinVersionedPath(baseUrl, call.pathname, call.search),
  applyCredential: (headers, secret) => headers.set("x-api-key", secret),
  applyDefaults: (headers) => {
    if (!headers.has("anthropic-version"))
      headers.set("anthropic-version", defaultAnthropicVersion);
  },
  healthPath: "/models",
};
