// Azure OpenAI: api-key credential, deployment URLs and the api-version query parameter.

import type { Provider, UpstreamCall } from "./types.ts";

export function createAzureProvider(apiVersion: string): Provider {
  return {
    kind: "azure",
    // add openai-responses in the config where a deployment serves it
    dialects: ["openai-chat"],
    toUpstreamUrl: (baseUrl, call) => toAzureUrl(baseUrl, call, apiVersion),
    applyCredential: (headers, secret) => headers.set("api-key", secret),
    applyDefaults: () => {},
    healthPath: `/models?api-version=${encodeURIComponent(apiVersion)}`,
  };
}

// --- internal ---

/**
 * base_url is the resource's `/openai` root. Azure-style client paths
 * (`/openai/deployments/...`) are kept as they are; OpenAI-style ones (`/v1/chat/completions`)
 * are sent to the deployment named by the (mapped) model.
 */
function toAzureUrl(baseUrl: string, call: UpstreamCall, apiVersion: string): string {
  const search = withApiVersion(call.search, apiVersion);
  const deployment = /^\/openai\/deployments\/([^/]+)(\/.*)?$/.exec(call.pathname);
  if (deployment) {
    const name = call.model ?? decodeURIComponent(deployment[1] ?? "");
    return `${baseUrl}/deployments/${encodeURIComponent(name)}${deployment[2] ?? ""}${search}`;
  }
  if (call.pathname.startsWith("/openai/")) {
    return `${baseUrl}${call.pathname.slice("/openai".length)}${search}`;
  }
  const operation = call.pathname.startsWith("/v1/") ? call.pathname.slice(3) : call.pathname;
  if (operation === "/models" || !call.model) return `${baseUrl}${operation}${search}`;
  return `${baseUrl}/deployments/${encodeURIComponent(call.model)}${operation}${search}`;
}

function withApiVersion(search: string, apiVersion: string): string {
  const params = new URLSearchParams(search);
  if (!params.has("api-version")) params.set("api-version", apiVersion);
  return `?${params.toString()}`;
}
