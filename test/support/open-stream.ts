// A client in the middle of a chat stream: the request is sent and its first chunk has arrived,
// so the proxy is holding an answer in flight when the test acts (reload, signal, shutdown).

export type OpenStream = {
  /** Reads what is left of the stream, to its end, as text. */
  rest(): Promise<string>;
  /** Reads to the end without keeping the text. */
  drain(): Promise<void>;
};

export async function openStream(chatCompletionsUrl: string, content: string): Promise<OpenStream> {
  const response = await fetch(chatCompletionsUrl, {
    method: "POST",
    body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content }] }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  return {
    async rest() {
      const decoder = new TextDecoder();
      let text = "";
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        text += decoder.decode(part.value, { stream: true });
      }
      return text + decoder.decode();
    },
    async drain() {
      while (!(await reader.read()).done);
    },
  };
}
