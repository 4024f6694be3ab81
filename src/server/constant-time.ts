// Compares secrets without leaking their length or content through timing.

import { timingSafeEqual } from "node:crypto";

export function constantTimeEqual(given: string, expected: string): boolean {
  const hashedGiven = new Bun.CryptoHasher("sha256").update(given).digest();
  const hashedExpected = new Bun.CryptoHasher("sha256").update(expected).digest();
  return timingSafeEqual(hashedGiven, hashedExpected);
}
