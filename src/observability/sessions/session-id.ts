// Session ids: "ses_" and 16 base64url characters (96 bits) from the system's crypto randomness.

import { randomBase64url } from "../../shared/index.ts";

export function newSessionId(): string {
  return `ses_${randomBase64url(12)}`;
}
