// Reads an SSE response event by event with arrival times, noting whether it ended or was cut.

export type TimedSseEvent = { text: string; atMs: number };

export type SseReadResult = {
  events: TimedSseEvent[];
  /** "done": the body ended cleanly; "error": reading it rejected (e.g. the connection was cut). */
  ending: "done" | "error";
  error?: unknown;
};

export async function readSseEvents(response: Response): Promise<SseReadResult> {
  const events: TimedSseEvent[] = [];
  if (response.body === null) return { events, ending: "done" };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { events, ending: "done" };
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      const atMs = performance.now();
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        events.push({ text: buffer.slice(0, end), atMs });
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
    }
  } catch (error: unknown) {
    return { events, ending: "error", error };
  }
}
