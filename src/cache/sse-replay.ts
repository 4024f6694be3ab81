// Stored streams: whether a captured stream ended properly (so it may be stored), and its events
// one by one for a replay that is byte for byte the original.

const decoder = new TextDecoder();

/** OpenAI streams end with `data: [DONE]`; Anthropic streams with a message_stop event. */
export function isCompleteStream(bytes: Uint8Array): boolean {
  const tail = decoder.decode(bytes.subarray(Math.max(0, bytes.byteLength - 512)));
  return /data: ?\[DONE\]\s*$/.test(tail) || /"type":\s*"message_stop"[^\n]*\s*$/.test(tail);
}

/** Splits at each blank line (LF or CRLF); the pieces joined are exactly `bytes`. */
export function splitSseEvents(bytes: Uint8Array): Uint8Array[] {
  const events: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.byteLength; i++) {
    if (bytes[i] !== 0x0a) continue;
    const lf = bytes[i + 1] === 0x0a;
    const crlf = bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a;
    if (!lf && !crlf) continue;
    const end = i + (lf ? 2 : 3);
    events.push(bytes.subarray(start, end));
    start = end;
    i = end - 1;
  }
  if (start < bytes.byteLength) events.push(bytes.subarray(start));
  return events;
}
