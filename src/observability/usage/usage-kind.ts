// Picks the response shape to read usage from by the request path, OpenAI, Azure or Anthropic style.

import type { UsageKind } from "./usage.ts";

/** The paths almost every request uses, looked up before any splitting. */
const commonPaths = new Map<string, UsageKind>([
  ["/v1/chat/completions", "openai_chat"],
  ["/v1/messages", "anthropic_messages"],
  ["/v1/responses", "openai_responses"],
  ["/v1/embeddings", "openai_embeddings"],
  ["/v1/completions", "openai_completion"],
]);

export function usageKindForPath(pathname: string): UsageKind {
  const common = commonPaths.get(pathname);
  if (common !== undefined) return common;
  const segments = pathname.split("/").filter((segment) => segment !== "");
  const last = segments.at(-1);
  const previous = segments.at(-2);
  switch (last) {
    case "completions":
      // /v1/chat/completions, /openai/deployments/x/chat/completions; else legacy /v1/completions
      return previous === "chat" ? "openai_chat" : "openai_completion";
    case "embeddings":
      return "openai_embeddings";
    case "responses":
      return "openai_responses";
    case "messages":
      // /v1/messages only: /v1/threads/x/messages (Assistants) is a different API
      return previous === "v1" ? "anthropic_messages" : "other";
    default:
      return "other";
  }
}
