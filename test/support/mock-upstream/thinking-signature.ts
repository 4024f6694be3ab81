// Signatures on the mock's thinking, checked when a client sends the thinking back (as Anthropic
// does), so a tool loop through a translation proves the signature survived the round trip.

import { isRecord } from "./request-fields.ts";

export function mockSignature(thinking: string): string {
  return `mocksig_${Bun.hash(thinking).toString(36)}`;
}

/** The first assistant thinking block whose signature is not the mock's own, as a message. */
export function invalidThinkingSignature(json: unknown): string | undefined {
  const messages = isRecord(json) && Array.isArray(json.messages) ? json.messages : [];
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message) || message.role !== "assistant" || !Array.isArray(message.content))
      continue;
    for (const [j, block] of message.content.entries()) {
      if (!isRecord(block) || block.type !== "thinking") continue;
      if (block.signature !== mockSignature(String(block.thinking ?? ""))) {
        return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
  }
  return undefined;
}
