// Checks that one sample request through a target answers 200 with the mock's reply.

import { messageOf } from "../../src/shared/index.ts";
import { chatBody, chatPath, expectedReplyText, requestHeaders } from "./chat-request.ts";

/**
 * undefined when the target answers correctly, else why not; `token` is sent as the bearer and
 * `extra` headers as they are, like the measured requests.
 */
export async function findSampleDefect(
  origin: string,
  token?: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<string | undefined> {
  try {
    const response = await fetch(`${origin}${chatPath}`, {
      method: "POST",
      headers: requestHeaders(token, extra),
      body: chatBody(false),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (response.status !== 200)
      return `sample request answered ${response.status}: ${text.slice(0, 120)}`;
    const reply = readReply(text);
    return reply === expectedReplyText
      ? undefined
      : `unexpected sample reply: ${text.slice(0, 120)}`;
  } catch (error: unknown) {
    return `sample request failed: ${messageOf(error)}`;
  }
}

/** Throws with the defect when `origin` does not answer a sample request correctly. */
export async function verifySample(
  name: string,
  origin: string,
  token?: string,
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  const defect = await findSampleDefect(origin, token, extra);
  if (defect !== undefined) throw new Error(`${name}: ${defect}`);
}

// --- internal ---

function readReply(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    return typeof content === "string" ? content : undefined;
  } catch {
    return undefined;
  }
}
