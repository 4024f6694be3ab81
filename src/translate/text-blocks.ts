// Anthropic text blocks as one chat string, by one rule in both directions.

/**
 * A model's text is one text that Anthropic splits into blocks where it attaches citations, so its
 * blocks join as they are (a JSON answer then reads as the same answer streamed). Blocks a client
 * wrote (system, user, tool results) are separate pieces: a newline keeps them apart.
 */
export function joinTextBlocks(texts: readonly unknown[], author: "model" | "client"): string {
  return texts.join(author === "model" ? "" : "\n");
}
