// Whether a request presents the admin key (Authorization: Bearer, or x-api-key), compared in
// constant time. The admin gate (admin-gate.ts) is the one caller: every admin surface is
// guarded the same way.

export function presentsAdminKey(request: Request, adminKey: string): boolean {
  return constantTimeEqual(presentedKey(request) ?? "", adminKey);
}

// --- internal ---

function constantTimeEqual(given: string, expected: string): boolean {
  const hashedGiven = new Bun.CryptoHasher("sha256").update(given).digest();
  const hashedExpected = new Bun.CryptoHasher("sha256").update(expected).digest();
  return crypto.timingSafeEqual(hashedGiven, hashedExpected);
}

function presentedKey(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header?.toLowerCase().startsWith("bearer ")) return header.slice(7).trim();
  return request.headers.get("x-api-key") ?? undefined;
}
