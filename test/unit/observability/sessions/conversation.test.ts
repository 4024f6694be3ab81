import { expect, test } from "bun:test";
import {
  normaliseText,
  readConversation,
} from "../../../../src/observability/sessions/conversation.ts";

test("reads chat messages with string or part contents, normalising whitespace", () => {
  const request = {
    messages: [
      { role: "system", content: " Be\tbrief. " },
      { role: "user", content: [{ type: "text", text: "a\n\nb" }, { type: "image_url" }, "c"] },
      { role: "assistant", content: null, tool_calls: [] },
      "not a message",
      { content: "no role" },
    ],
  };
  expect(readConversation(request)).toEqual([
    { role: "system", text: "Be brief." },
    { role: "user", text: "a b c" },
    { role: "assistant", text: "" },
    { role: "", text: "no role" },
  ]);
});

test("puts the Anthropic system prompt first", () => {
  const request = {
    system: [
      { type: "text", text: "Be" },
      { type: "text", text: "brief." },
    ],
    messages: [{ role: "user", content: "hi" }],
  };
  expect(readConversation(request)).toEqual([
    { role: "system", text: "Be brief." },
    { role: "user", text: "hi" },
  ]);
  expect(readConversation({ system: "  ", messages: [] })).toEqual([]);
});

test("normalising leaves normal text as it is and fixes every other kind of whitespace", () => {
  const cases: [string, string][] = [
    ["a b c", "a b c"],
    ["", ""],
    [" ", ""],
    [" a", "a"],
    ["a ", "a"],
    ["a  b", "a b"],
    ["a\tb", "a b"],
    ["a\nb", "a b"],
    ["a\u00a0b", "a b"],
    ["a \u2003 b", "a b"],
  ];
  expect(cases.map(([text]) => normaliseText(text))).toEqual(cases.map(([, normal]) => normal));
});
