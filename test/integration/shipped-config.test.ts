import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { createApp } from "../../src/app.ts";
import { bootstrapFirstToken } from "../../src/cli/_first-run.ts";
import { parseConfigText } from "../../src/config/index.ts";
import { createLogger } from "../../src/observability/index.ts";
import { startServer } from "../../src/server/index.ts";
import { openStore } from "../../src/store/index.ts";

test("the shipped config answers mock-echo offline for both SDKs with the first-run token", async () => {
  // the shipped file, with its relative storage.path resolved into a fresh directory
  const text = await Bun.file("proxy.config.yaml").text();
  const baseDir = mkdtempSync(join(tmpdir(), "llmp-shipped-"));
  const config = parseConfigText(text, { env: {}, baseDir, source: "proxy.config.yaml" });
  expect(config.auth.mode).toBe("tokens");
  const store = openStore(config.storage.path);
  const token = (await bootstrapFirstToken(store)) as string;
  expect(token).toMatch(/^sk-llmp-[A-Za-z0-9_-]{43}$/);
  expect(await bootstrapFirstToken(store)).toBeUndefined();
  const logger = createLogger({ level: "silent", format: "json" });
  const app = createApp(config, { logger, store });
  const server = startServer(app, {
    host: "127.0.0.1",
    port: 0,
    logger,
  });
  try {
    const openai = new OpenAI({
      baseURL: `${server.url.origin}/v1`,
      apiKey: token,
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
      apiKey: token,
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
    const counted = await anthropic.messages.countTokens({
      model: "mock-echo",
      messages: [{ role: "user", content: "count these four" }],
    });
    expect(counted.input_tokens).toBe(3);

    // what Codex sends: the Responses API, streamed
    const response = await openai.responses.create({ model: "mock-echo", input: "codex hello" });
    expect(response.output_text).toBe("codex hello");
    const events = await openai.responses.create({
      model: "mock-echo",
      input: [{ role: "user", content: "streamed codex hello" }],
      stream: true,
    });
    let streamed = "";
    for await (const event of events) {
      if (event.type === "response.output_text.delta") streamed += event.delta;
    }
    expect(streamed).toBe("streamed codex hello");
    const models = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models).toContain("mock-echo");
    const anonymous = await fetch(`${server.url.origin}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "mock-echo", messages: [] }),
    });
    expect(anonymous.status).toBe(401);
  } finally {
    await server.shutdown(0);
    store.close();
  }
});
