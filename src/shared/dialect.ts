// The API dialect a client speaks, which decides the shape of errors it receives, and the three
// request dialects translation knows (DESIGN.md, dialects and translation).

export type Dialect = "openai" | "anthropic";

export const apiDialects = ["openai-chat", "openai-responses", "anthropic-messages"] as const;
export type ApiDialect = (typeof apiDialects)[number];

/** The request dialect of a path, when it has one that may be translated. */
export function apiDialectForPath(pathname: string): ApiDialect | undefined {
  switch (pathname) {
    case "/v1/chat/completions":
      return "openai-chat";
    case "/v1/responses":
      return "openai-responses";
    case "/v1/messages":
      return "anthropic-messages";
    default:
      return undefined;
  }
}

export function dialectForPath(pathname: string): Dialect {
  return pathname === "/v1/messages" || pathname.startsWith("/v1/messages/")
    ? "anthropic"
    : "openai";
}
