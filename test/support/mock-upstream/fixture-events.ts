// Loads test/support/fixtures/<name>.sse and splits it into SSE event texts on blank lines.

import { join } from "node:path";

export const fixturesDir = join(import.meta.dir, "..", "fixtures");

export async function loadFixtureEvents(name: string): Promise<string[]> {
  return toSseEvents(await Bun.file(join(fixturesDir, `${name}.sse`)).text());
}

/** Event texts without their trailing blank line; runs of blank lines count as one. */
export function toSseEvents(text: string): string[] {
  const events: string[] = [];
  for (const block of text.replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/)) {
    const event = block.replace(/^\n+|\n+$/g, "");
    if (event.length > 0) events.push(event);
  }
  return events;
}
