// Log lines to stderr in one write per turn of the event loop instead of one per line: under
// load, a request log line per request would otherwise be a system call per request. Warnings
// and errors are written at once, and whatever is buffered is written before the process exits.
// The write is synchronous on purpose: Bun drops what an async stderr write still buffers when
// the process exits (measured: 64 KB of 300 KB reached a slow pipe), so a stalled log reader
// stalls the loop rather than losing lines.

import { writeSync } from "node:fs";

export type LineWriter = { write(line: string, urgent: boolean): void; flush(): void };

/** Past this many buffered characters the buffer is written without waiting for the turn. */
const maxBufferedChars = 64 * 1024;

export function createStderrWriter(): LineWriter {
  let lines: string[] = [];
  let chars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (lines.length === 0) return;
    const text = `${lines.join("\n")}\n`;
    lines = [];
    chars = 0;
    try {
      writeSync(2, text);
    } catch {
      // a closed stderr must never take a request down with it
    }
  };
  process.once("exit", flush);
  return {
    write(line, urgent) {
      lines.push(line);
      chars += line.length;
      if (urgent || chars > maxBufferedChars) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
