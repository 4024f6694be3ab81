// Golden tests of Anthropic turns as chat messages: tool results, images, documents, signed thinking.

import { describe, expect, test } from "bun:test";
import { translateRequest, translateResponseBody } from "../../../src/translate/index.ts";

const options = { defaultMaxTokens: 4096 };

function toChat(body: Record<string, unknown>) {
  const result = translateRequest("anthropic-messages", "openai-chat", body, options);
  if (!result.ok) throw new Error(`refused: ${result.error.param}`);
  return result.request;
}

const user = (content: unknown) => ({ role: "user", content });

describe("Anthropic turns → chat messages", () => {
  test("tool_use and tool_result blocks become tool_calls and tool messages", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user("Paris and Rome?"),
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking." },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
          ],
        },
        user([
          { type: "tool_result", tool_use_id: "toolu_1", content: "sunny" },
          {
            type: "tool_result",
            tool_use_id: "toolu_2",
            content: [{ type: "text", text: "rain" }],
          },
          { type: "text", text: "Thanks" },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "Paris and Rome?" },
      {
        role: "assistant",
        content: "Checking.",
        tool_calls: [
          {
            id: "toolu_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
          {
            id: "toolu_2",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "sunny" },
      { role: "tool", tool_call_id: "toolu_2", content: "rain" },
      { role: "user", content: "Thanks" },
    ]);
  });

  test("images (base64 and URL) and documents (PDF and text)", () => {
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user([
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBO" } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "document",
            title: "report.pdf",
            source: { type: "base64", media_type: "application/pdf", data: "JVBE" },
          },
          {
            type: "document",
            title: "Notes",
            source: { type: "text", media_type: "text/plain", data: "hello" },
          },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          {
            type: "file",
            file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBE" },
          },
          { type: "text", text: "Notes\n\nhello" },
        ],
      },
    ]);
  });

  test("images inside tool results follow the tool message in a user turn", () => {
    const image = {
      type: "image",
      source: { type: "base64", media_type: "image/png", data: "iVBO" },
    };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user([
          {
            type: "tool_result",
            tool_use_id: "t1",
            content: [{ type: "text", text: "shot" }, image],
          },
        ]),
      ],
    });
    expect(request.body.messages).toEqual([
      { role: "tool", tool_call_id: "t1", content: "shot" },
      {
        role: "user",
        content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBO" } }],
      },
    ]);
  });

  test("thinking blocks with signatures travel as reasoning_content and thinking_blocks", () => {
    const thinking = { type: "thinking", thinking: "Call the tool.", signature: "sig-1" };
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [
        user("x"),
        {
          role: "assistant",
          content: [thinking, { type: "tool_use", id: "t1", name: "f", input: {} }],
        },
        user([{ type: "tool_result", tool_use_id: "t1", content: "ok" }]),
      ],
    });
    expect((request.body.messages as unknown[])[1]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }],
      reasoning_content: "Call the tool.",
      thinking_blocks: [thinking],
    });
  });

  test("refuses an image the chat target cannot fetch, naming its source", () => {
    const result = translateRequest(
      "anthropic-messages",
      "openai-chat",
      {
        model: "m",
        max_tokens: 5,
        messages: [user([{ type: "image", source: { type: "file", file_id: "file_1" } }])],
      },
      options,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        param: "messages[0].content[0].source",
        message: "an image from a file source cannot be sent to openai-chat",
      },
    });
  });

  test("an assistant turn's text blocks are one text, as in a translated answer; a user's are apart", () => {
    const split = [
      { type: "text", text: "According to the notes, " },
      { type: "text", text: "it rains." },
    ];
    const request = toChat({
      model: "m",
      max_tokens: 5,
      messages: [user(split), { role: "assistant", content: split }],
    });
    expect(request.body.messages).toEqual([
      { role: "user", content: "According to the notes, \nit rains." },
      { role: "assistant", content: "According to the notes, it rains." },
    ]);
    const answer = translateResponseBody(
      "anthropic-messages",
      "openai-chat",
      { id: "msg_1", model: "c", role: "assistant", content: split, stop_reason: "end_turn" },
      { model: "c" },
    );
    expect(answer).toMatchObject({
      choices: [{ message: { content: "According to the notes, it rains." } }],
    });
  });
});
