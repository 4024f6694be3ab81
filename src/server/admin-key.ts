// The admin key check for /config and /admin/*: read the presented key, compare in constant time.

import { timingSafeEqual } from "node:crypto";

export function constantTimeEqual(given: string, expected: string): boolean {
  const hashedGiven = new Bun.CryptoHasher("sha256").update(given).digest();
  const hashedExpected = new Bun.CryptoHasher("sha256").update(expected).digest();
  return timingSafeEqual(hashedGiven, hashedExpected);
}

/** Whether the request presents the admin key (Authorization: Bearer, or x-api-key). */
export function presentsAdminKey(request: Request, adminKey: string): boolean {
  return constantTimeEqual(presentedKey(request) ?? "", adminKey);
}

// --- internal ---

function presentedKey(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return request.headers.get("x-api-key") ?? undefined;
}
