// The admin key check for /config and /admin/*: one function, so every admin surface is guarded
// the same way (and throttling of failed attempts can be added in one place).

import { timingSafeEqual } from "node:crypto";
import { ProxyError } from "../../shared/index.ts";

/**
 * Throws invalid_api_key unless the request presents the admin key (Authorization: Bearer, or
 * x-api-key), compared in constant time. `what` names the guarded endpoint in the message.
 */
export function requireAdminKey(request: Request, adminKey: string, what: string): void {
  if (constantTimeEqual(presentedKey(request) ?? "", adminKey)) return;
  throw new ProxyError(
    "invalid_api_key",
    `${what} requires the admin key (Authorization: Bearer <auth.admin_key>)`,
  );
}

// --- internal ---

function constantTimeEqual(given: string, expected: string): boolean {
  const hashedGiven = new Bun.CryptoHasher("sha256").update(given).digest();
  const hashedExpected = new Bun.CryptoHasher("sha256").update(expected).digest();
  return timingSafeEqual(hashedGiven, hashedExpected);
}

function presentedKey(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return request.headers.get("x-api-key") ?? undefined;
}
