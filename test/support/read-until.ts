// Reads a child's output until a pattern shows up (a start-up banner), failing with what it read.

export async function readUntil(
  stream: ReadableStream<Uint8Array>,
  pattern: RegExp,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) {
    text += decoder.decode(chunk);
    if (pattern.test(text)) return text;
  }
  throw new Error(`the output ended without ${pattern}:\n${text}`);
}
