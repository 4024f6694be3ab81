// Detects which conversation a chat request continues, by the hashes of its message history: a
// follow-up repeats the earlier messages, so its history prefix is one a session has already seen.

import type { Clock } from "../../shared/index.ts";
import { type ConversationMessage, readConversation } from "./conversation.ts";
import { type ConversationHashes, hashConversation } from "./conversation-hashes.ts";
import { createSessionIndex, type Session, type SessionIndex } from "./session-index.ts";

export type SessionDetector = {
  /**
   * The session id for this request (creating one when needed), or undefined when the body has no
   * messages. `scope` (e.g. a project name or "") keeps tenants apart.
   */
  identify(requestJson: unknown, scope: string): string | undefined;
  /** Live sessions (not expired), for /metrics. */
  activeSessions(): number;
  /** The estimated bytes the sessions hold, never more than maxBytes past one request. */
  memoryBytes(): number;
};

export type SessionOptions = {
  /** Beyond this many, the least recently used session is forgotten. */
  maxSessions: number;
  /** Beyond this estimate of the memory held, least recently used sessions are forgotten. */
  maxBytes: number;
  /** A session idle for longer expires. */
  ttlMs: number;
  clock: Clock;
};

export function createSessionDetector(options: SessionOptions): SessionDetector {
  const index = createSessionIndex(options);
  return {
    identify(requestJson, scope) {
      const messages = readConversation(requestJson);
      if (messages === undefined || messages.length === 0) return undefined;
      index.expire();
      const hashes = hashConversation(scope, messages);
      if (isReset(messages)) {
        // only the history up to the reset phrase leads here; the turns before stay with the old session
        return index.idOf(start(index, hashes, messages.length - 1));
      }
      const match = isFresh(hashes) ? undefined : findSession(index, messages, hashes);
      if (match === undefined) return index.idOf(start(index, hashes, 0));
      index.touch(match.session);
      record(index, match.session, hashes, match.recordFrom);
      return index.idOf(match.session);
    },
    activeSessions() {
      index.expire();
      return index.size();
    },
    memoryBytes: () => index.bytes(),
  };
}

// --- internal ---

const resetPhrases = new Set(["/reset", "/new", "new conversation", "start over"]);

type Match = { session: Session; recordFrom: number };

/** One user message and no reply yet: a new conversation, even if the same question came before. */
function isFresh(hashes: ConversationHashes): boolean {
  return hashes.userCount <= 1 && hashes.assistantCount === 0;
}

function isReset(messages: readonly ConversationMessage[]): boolean {
  const lastUser = messages.findLast((message) => message.role === "user");
  return lastUser !== undefined && resetPhrases.has(lastUser.text.toLowerCase());
}

function findSession(
  index: SessionIndex,
  messages: readonly ConversationMessage[],
  hashes: ConversationHashes,
): Match | undefined {
  // the longest known prefix, leaving out the last message, which the client has just added;
  // never one without a user message, since every conversation with this system prompt shares it
  const { prefixes, firstUserIndex } = hashes;
  const shortest = firstUserIndex < 0 ? prefixes.length : firstUserIndex;
  for (let i = prefixes.length - 2; i >= shortest; i--) {
    const prefix = prefixes[i];
    const owner = prefix === undefined ? undefined : index.ownerOf(prefix);
    if (owner !== undefined) return { session: owner, recordFrom: i + 1 };
  }
  const owner = findByAssistantMessage(index, messages, hashes);
  return owner === undefined ? undefined : { session: owner, recordFrom: 0 };
}

/**
 * A client that trims early turns still repeats a recent assistant reply. Its request must begin
 * with a reply, or with a user message this session has seen: one that begins with an unseen user
 * message is a different conversation, which must never share a session.
 */
function findByAssistantMessage(
  index: SessionIndex,
  messages: readonly ConversationMessage[],
  hashes: ConversationHashes,
): Session | undefined {
  const first = messages[hashes.firstTurnIndex];
  const firstKey = hashes.messageKeys[hashes.firstTurnIndex];
  const checkFirst = first?.role === "user" && firstKey !== undefined;
  for (let i = messages.length - 2; i >= 0; i--) {
    const key = hashes.messageKeys[i];
    if (messages[i]?.role !== "assistant" || key === undefined) continue;
    const owner = index.ownerOf(key);
    if (owner === undefined) continue;
    if (!checkFirst || index.ownerOf(firstKey) === owner) return owner;
  }
  return undefined;
}

function start(index: SessionIndex, hashes: ConversationHashes, recordFrom: number): Session {
  const session = index.open();
  record(index, session, hashes, recordFrom);
  return session;
}

/** Claims the prefix and message hashes from `from` on (earlier ones are already known). */
function record(
  index: SessionIndex,
  session: Session,
  hashes: ConversationHashes,
  from: number,
): void {
  const { prefixes, messageKeys, firstUserIndex } = hashes;
  for (let i = Math.max(0, from); i < prefixes.length; i++) {
    const prefix = prefixes[i];
    if (prefix !== undefined && firstUserIndex >= 0 && i >= firstUserIndex) {
      index.claim(session, prefix);
    }
    const key = messageKeys[i];
    if (key !== undefined) index.claim(session, key);
  }
}
