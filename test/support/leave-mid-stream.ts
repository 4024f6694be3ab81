// A client that leaves a stream part way: it asks for 50 words, reads until the fourth, aborts,
// and returns once the upstream has seen its request aborted.

import type { MockUpstream } from "./mock-upstream/types.ts";

export async function leaveMidStream(
  baseURL: string,
  model: string,
  upstream: Pick<MockUpstream, "waitForAbort">,
): Promise<void> {
  const controller = new AbortController();
  const words = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    signal: controller.signal,
    body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: words }] }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let seen = "";
  while (!seen.includes("word3")) seen += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  await upstream.waitForAbort(0);
}
