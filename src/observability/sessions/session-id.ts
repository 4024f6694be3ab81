// Session ids: "ses_" and 16 base64url characters (96 bits) from the system's crypto randomness.

export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `ses_${Buffer.from(bytes).toString("base64url")}`;
}
