// GET /v1/models is answered by the proxy from its catalog, never proxied: a caller's token is
// checked as for any proxied path, and a token limited to some models sees only those.

import type { Authenticator } from "../auth/index.ts";
import { type ModelCatalog, modelListResponse } from "./model-catalog.ts";

export function isModelListRequest(method: string, pathname: string): boolean {
  return pathname === "/v1/models" && (method === "GET" || method === "HEAD");
}

export async function answerModelList(
  request: Request,
  catalog: ModelCatalog,
  auth: Authenticator | undefined,
): Promise<Response> {
  const caller = await auth?.authenticate(request.headers);
  const entries = await catalog.list(caller?.token.models ? caller.allows : undefined);
  return modelListResponse(entries, request.headers.has("anthropic-version"));
}
