import { expect, test } from "bun:test";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createLogger } from "../../src/observability/index.ts";
import { startServer } from "../../src/server/index.ts";

test("the shipped config answers mock-echo offline for both SDKs, streaming and not", async () => {
  const config = await loadConfig({ path: "proxy.config.yaml", env: {} });
  const logger = createLogger({ level: "silent", format: "json" });
  const app = createApp(config, { logger });
  const server = startServer(app, {
    host: "127.0.0.1",
    port: 0,
    maxBodyBytes: config.server.max_body,
    logger,
  });
  try {
    const openai = new OpenAI({
      baseURL: `${server.url.origin}/v1`,
      apiKey: "unused",
      maxRetries: 0,
    });
    const completion = await openai.chat.completions.create({
      model: "mock-echo",
      messages: [{ role: "user", content: "offline hello" }],
    });
    expect(completion.choices[0]?.message.content).toBe("offline hello");

    const stream = await openai.chat.completions.create({
      model: "mock-echo",
      stream: true,
      messages: [{ role: "user", content: "streamed offline hello" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("streamed offline hello");

    const anthropic = new Anthropic({
      baseURL: server.url.origin,
      apiKey: "unused",
      maxRetries: 0,
    });
    const message = await anthropic.messages
      .stream({
        model: "mock-echo",
        max_tokens: 16,
        messages: [{ role: "user", content: "hi claude mock" }],
      })
      .finalText();
    expect(message).toBe("hi claude mock");
  } finally {
    await server.shutdown(0);
  }
});
