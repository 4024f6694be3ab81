// Golden tests of chat messages as Anthropic turns: tool results, images, documents, signed thinking.

import { describe, expect, test } from "bun:test";
import { translateRequest } from "../../../src/translate/index.ts";

const options = { defaultMaxTokens: 4096 };

function toMessages(body: Record<string, unknown>) {
  const result = translateRequest("openai-chat", "anthropic-messages", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

function refusalOf(body: Record<string, unknown>) {
  const result = translateRequest("openai-chat", "anthropic-messages", body, options);
  return result.ok ? undefined : result.error;
}

describe("chat messages → Anthropic turns", () => {
  test("two parallel tool calls and their consecutive tool results become one user turn", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "Paris and Rome?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
            {
              id: "call_2",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "rain" }] },
        { role: "user", content: "Thanks" },
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "Paris and Rome?" },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "call_2", name: "get_weather", input: { city: "Rome" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "sunny" },
          { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: "rain" }] },
          { type: "text", text: "Thanks" },
        ],
      },
    ]);
  });

  test("images as base64 data and URLs, documents as file parts", () => {
    const pdf = "JVBERi0xLjQK";
    const request = toMessages({
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            {
              type: "image_url",
              image_url: { url: "https://example.com/cat.jpg", detail: "high" },
            },
            {
              type: "file",
              file: { filename: "report.pdf", file_data: `data:application/pdf;base64,${pdf}` },
            },
            {
              type: "file",
              file: { filename: "notes.txt", file_data: "data:text/plain;base64,aMOp" },
            },
          ],
        },
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          {
            type: "image",
            source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" },
          },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "document",
            source: { type: "base64", media_type: "application/pdf", data: pdf },
            title: "report.pdf",
          },
          {
            type: "document",
            source: { type: "text", media_type: "text/plain", data: "hé" },
            title: "notes.txt",
          },
        ],
      },
    ]);
    expect(request.dropped).toEqual(["messages[0].content[1].image_url.detail"]);
  });

  test("assistant reasoning with thinking_blocks replays the signed thinking first", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: "Let me check.",
          reasoning_content: "I should call the tool.",
          thinking_blocks: [
            { type: "thinking", thinking: "I should call the tool.", signature: "sig-1" },
          ],
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
    });
    const assistant = (request.body.messages as { content: unknown }[])[1];
    expect(assistant?.content).toEqual([
      { type: "thinking", thinking: "I should call the tool.", signature: "sig-1" },
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: {} },
    ]);
  });

  test("reasoning without a signature cannot be replayed: dropped and named", () => {
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", content: "y", reasoning_content: "hidden" },
      ],
    });
    expect(request.dropped).toEqual(["messages[1].reasoning_content"]);
  });

  test("unsigned thinking_blocks cannot be replayed: dropped and named, signed ones kept", () => {
    const signed = { type: "thinking", thinking: "b", signature: "sig-2" };
    const redacted = { type: "redacted_thinking", data: "opaque" };
    const request = toMessages({
      model: "m",
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          content: "y",
          reasoning_content: "ab",
          thinking_blocks: [{ type: "thinking", thinking: "a" }, signed, redacted],
        },
      ],
    });
    expect((request.body.messages as { content: unknown }[])[1]?.content).toEqual([
      signed,
      redacted,
      { type: "text", text: "y" },
    ]);
    expect(request.dropped).toEqual(["messages[1].thinking_blocks[0]"]);
  });

  test("refuses audio input and OpenAI file ids, naming the part", () => {
    const audio = { type: "input_audio", input_audio: { data: "AAAA", format: "wav" } };
    expect(refusalOf({ model: "m", messages: [{ role: "user", content: [audio] }] })?.param).toBe(
      "messages[0].content[0]",
    );
    const file = { type: "file", file: { file_id: "file-1" } };
    expect(refusalOf({ model: "m", messages: [{ role: "user", content: [file] }] })?.param).toBe(
      "messages[0].content[0].file.file_id",
    );
  });

  test("keeps cache_control an Anthropic-aware client put on parts", () => {
    const part = { type: "text", text: "long context", cache_control: { type: "ephemeral" } };
    const request = toMessages({
      model: "m",
      messages: [
        { role: "system", content: [part] },
        { role: "user", content: "q" },
      ],
    });
    expect(request.body.system).toEqual([part]);
  });

  test("a message-level cache_control marks the last block of that message", () => {
    const cache_control = { type: "ephemeral" };
    const request = toMessages({
      model: "m",
      messages: [
        { role: "system", content: "long context", cache_control },
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
          cache_control,
        },
        { role: "assistant", content: "", cache_control },
      ],
    });
    expect(request.body.system).toEqual([{ type: "text", text: "long context", cache_control }]);
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b", cache_control },
        ],
      },
    ]);
    expect(request.dropped).toEqual(["messages[2].cache_control"]);
  });
});
