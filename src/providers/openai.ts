// OpenAI and any OpenAI-compatible upstream: Bearer credential, versioned base URL.

import { joinVersionedPath, type Provider } from "./types.ts";

export const openAIProvider: Provider = {
  kind: "openai",
  dialects: ["openai-chat", "openai-responses"],
  toUpstreamUrl: (baseUrl, call) => joinVersionedPath(baseUrl, call.pathname, call.search),
  applyCredential: (headers, secret) => headers.set("authorization", `Bearer ${secret}`),
  applyDefaults: () => {},
  healthPath: "/models",
};
