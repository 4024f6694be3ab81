// Hashes a conversation in one pass: the chain of prefix hashes (each one seeded with the one
// before, so it stands for the whole history up to that message) and a key per message.
// Keys are 53-bit integers held as plain numbers: a Map keyed by them costs no allocation per key
// (bigint keys cost half again as much memory), and each message's text is hashed only once.

import type { ConversationMessage } from "./conversation.ts";

/** A history hash: an integer below 2^53. */
export type HistoryKey = number;

export type ConversationHashes = {
  /** prefixes[i] stands for scope + messages[0..i]. */
  prefixes: HistoryKey[];
  /**
   * messageKeys[i] stands for scope + the system prompt + messages[i] alone, for user and assistant
   * messages with text; undefined for the rest. Found again when a client drops earlier turns.
   */
  messageKeys: (HistoryKey | undefined)[];
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
  const prefix: Chain = { hi: 0x243f6a88, lo: 0x85a308d3 };
  mixText(prefix, scopeTag, scope);
  let systemPrefix: Chain = { ...prefix };
  let leadingSystem = true;
  for (const [index, { role, text }] of messages.entries()) {
    const textHash = hashText(text);
    const roleWord = toRoleWord(role);
    mixMessage(prefix, roleWord, textHash);
    hashes.prefixes.push(toKey(prefix));
    if (leadingSystem && isSystemRole(role)) systemPrefix = { ...prefix };
    else if (leadingSystem) {
      leadingSystem = false;
      hashes.firstTurnIndex = index;
    }
    if (role === "user") {
      hashes.userCount += 1;
      if (hashes.firstUserIndex === -1) hashes.firstUserIndex = index;
    } else if (role === "assistant") hashes.assistantCount += 1;
    const keyed = (role === "user" || role === "assistant") && text !== "";
    hashes.messageKeys.push(keyed ? messageKey(systemPrefix, roleWord, textHash) : undefined);
  }
  return hashes;
}

// --- internal ---

/** A running 53-bit hash as two unsigned 32-bit halves (the high one keeps 21 bits in the key). */
type Chain = { hi: number; lo: number };

const scopeTag = 0x73636f70;
// keeps message keys apart from prefix hashes, which share one index
const messageTag = 0x6d657367;
const roleWords: Record<string, number> = {
  system: 1,
  developer: 2,
  user: 3,
  assistant: 4,
  tool: 5,
};

function toRoleWord(role: string): number {
  return roleWords[role] ?? Bun.hash.crc32(role) + 16;
}

/** Two independent 32-bit hashes of a text: the key's 53 bits then all depend on the text. */
type TextHash = { crc: number; murmur: number };

function hashText(text: string): TextHash {
  return { crc: Bun.hash.crc32(text), murmur: Bun.hash.murmur32v3(text) };
}

function mixText(chain: Chain, tag: number, text: string): void {
  mixMessage(chain, tag, hashText(text));
}

function mixMessage(chain: Chain, role: number, text: TextHash): void {
  mixWord(chain, role);
  mixWord(chain, text.crc);
  mixWord(chain, text.murmur);
}

function messageKey(system: Chain, role: number, textHash: TextHash): HistoryKey {
  const chain: Chain = { hi: system.hi, lo: system.lo };
  mixWord(chain, messageTag);
  mixMessage(chain, role, textHash);
  return toKey(chain);
}

/** Each half absorbs the word and the other half, then goes through murmur3's finaliser. */
function mixWord(chain: Chain, word: number): void {
  chain.lo = fmix32((chain.lo ^ Math.imul(word, 0xcc9e2d51)) + chain.hi);
  chain.hi = fmix32((chain.hi ^ Math.imul(word, 0x1b873593)) + chain.lo);
}

function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function toKey(chain: Chain): HistoryKey {
  return (chain.hi >>> 11) * 0x1_0000_0000 + chain.lo;
}

function isSystemRole(role: string): boolean {
  return role === "system" || role === "developer";
}
