// Hashes a conversation in one pass: the chain of prefix hashes (each one seeded with the one
// before, so it stands for the whole history up to that message) and a key per message.

import type { ConversationMessage } from "./conversation.ts";

export type ConversationHashes = {
  /** prefixes[i] stands for scope + messages[0..i]. */
  prefixes: bigint[];
  /**
   * messageKeys[i] stands for scope + the system prompt + messages[i] alone, for user and assistant
   * messages with text; undefined for the rest. Found again when a client drops earlier turns.
   */
  messageKeys: (bigint | undefined)[];
  /** Index of the first message after the leading system prompt(s). */
  firstTurnIndex: number;
  /** Index of the first user message, or -1; prefixes before it are shared by every conversation. */
  firstUserIndex: number;
  userCount: number;
  assistantCount: number;
};

export function hashConversation(
  scope: string,
  messages: readonly ConversationMessage[],
): ConversationHashes {
  const hashes: ConversationHashes = {
    prefixes: [],
    messageKeys: [],
    firstTurnIndex: messages.length,
    firstUserIndex: -1,
    userCount: 0,
    assistantCount: 0,
  };
  let prefix = Bun.hash.wyhash(`scope\0${scope}`);
  let systemPrefix = prefix;
  let leadingSystem = true;
  for (const [index, { role, text }] of messages.entries()) {
    prefix = Bun.hash.wyhash(`${role}\0${text}`, prefix);
    hashes.prefixes.push(prefix);
    if (leadingSystem && isSystemRole(role)) systemPrefix = prefix;
    else if (leadingSystem) {
      leadingSystem = false;
      hashes.firstTurnIndex = index;
    }
    if (role === "user") {
      hashes.userCount += 1;
      if (hashes.firstUserIndex === -1) hashes.firstUserIndex = index;
    } else if (role === "assistant") hashes.assistantCount += 1;
    const keyed = (role === "user" || role === "assistant") && text !== "";
    // the "message" tag keeps these apart from prefix hashes, which share one index
    hashes.messageKeys.push(
      keyed ? Bun.hash.wyhash(`message\0${role}\0${text}`, systemPrefix) : undefined,
    );
  }
  return hashes;
}

// --- internal ---

function isSystemRole(role: string): boolean {
  return role === "system" || role === "developer";
}
