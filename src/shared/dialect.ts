// The API dialect a client speaks, which decides the shape of errors it receives.

export type Dialect = "openai" | "anthropic";

export function dialectForPath(pathname: string): Dialect {
  return pathname === "/v1/messages" || pathname.startsWith("/v1/messages/")
    ? "anthropic"
    : "openai";
}
