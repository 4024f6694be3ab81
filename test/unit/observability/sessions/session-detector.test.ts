import { describe, expect, test } from "bun:test";
import { createSessionDetector } from "../../../../src/observability/sessions/index.ts";
import { manualClock } from "../../../support/manual-clock.ts";

type Message = { role: string; content: unknown };

const user = (content: unknown): Message => ({ role: "user", content });
const assistant = (content: unknown): Message => ({ role: "assistant", content });
const system = (content: unknown): Message => ({ role: "system", content });
const chat = (...messages: Message[]) => ({ model: "gpt-x", messages });

const [ttlMs, maxBytes] = [30 * 60_000, 64 * 1024 * 1024];

function detector(maxSessions = 100) {
  const clock = manualClock(0);
  return { clock, sessions: createSessionDetector({ maxSessions, maxBytes, ttlMs, clock }) };
}

const [a, b, c, d, e] = [
  user("What is the capital of France?"),
  assistant("The capital of France is Paris."),
  user("And its population?"),
  assistant("About 2.1 million people live in Paris proper."),
  user("And the metro area?"),
];

describe("follow-up requests", () => {
  test("a 3-turn conversation keeps one session id", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(a), "");
    expect(first).toMatch(/^ses_[A-Za-z0-9_-]{16}$/);
    expect(sessions.identify(chat(a, b, c), "")).toBe(first);
    expect(sessions.identify(chat(a, b, c, d, e), "")).toBe(first);
    expect(sessions.activeSessions()).toBe(1);
  });

  test("a system prompt is part of the conversation", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(system("Be brief."), a), "");
    expect(sessions.identify(chat(system("Be brief."), a, b, c), "")).toBe(first);
    expect(sessions.identify(chat(system("Be verbose."), a, b, c), "")).not.toBe(first);
  });

  test("conversations with different first messages are separate", () => {
    const { sessions } = detector();
    const other = user("Write a haiku about rain.");
    const first = sessions.identify(chat(a), "");
    const second = sessions.identify(chat(other), "");
    expect(second).not.toBe(first);
    expect(sessions.identify(chat(a, b, c), "")).toBe(first);
    expect(sessions.identify(chat(other, b, c), "")).toBe(second);
    expect(sessions.activeSessions()).toBe(2);
  });

  test("first messages with the same CRC-32 and length are still two conversations", () => {
    const { sessions } = detector();
    // a known CRC-32 collision, both 8 characters long
    const [plumless, buckeroo] = [user("plumless"), user("buckeroo")];
    const first = sessions.identify(chat(plumless), "");
    const second = sessions.identify(chat(buckeroo), "");
    expect(sessions.identify(chat(plumless, b, c), "")).toBe(first);
    expect(sessions.identify(chat(buckeroo, b, c), "")).toBe(second);
  });

  test("an unseen conversation repeating another's reply does not join it", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(a, b, c), "");
    const unseen = sessions.identify(chat(user("Where is the Louvre?"), b, c), "");
    expect(unseen).not.toBe(first);
  });

  test("the same first question asked again starts a new conversation", () => {
    const { sessions } = detector();
    expect(sessions.identify(chat(a), "")).not.toBe(sessions.identify(chat(a), ""));
  });

  test("whitespace changes do not split a session", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(a), "");
    const reformatted = user("  What is\n\nthe capital   of France?\t");
    const parts = assistant([{ type: "text", text: "The capital of France\nis Paris. " }]);
    expect(sessions.identify(chat(reformatted, parts, c), "")).toBe(first);
    expect(sessions.identify(chat(a, b, c, d, e), "")).toBe(first);
  });

  test("a client that trims early turns joins through a repeated reply", () => {
    const { sessions } = detector();
    const prompt = system("You are a geography tutor.");
    const first = sessions.identify(chat(prompt, a), "");
    sessions.identify(chat(prompt, a, b, c), "");
    expect(sessions.identify(chat(prompt, a, b, c, d, e), "")).toBe(first);
    const f = assistant("Around 12 million.");
    expect(sessions.identify(chat(prompt, d, e), "")).toBe(first);
    expect(sessions.identify(chat(prompt, d, e, f, user("Thanks!")), "")).toBe(first);
    // a window that starts at a user message this session has seen
    expect(sessions.identify(chat(prompt, c, d, e), "")).toBe(first);
  });

  test("a reset phrase starts a new session, which the next turn follows", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(a, b, c), "");
    for (const phrase of ["/reset", " /NEW ", "New   conversation", "Start over"]) {
      const reset = chat(a, b, c, assistant("Fine."), user(phrase));
      const next = sessions.identify(reset, "");
      expect(next).not.toBe(first);
      const after = chat(
        a,
        b,
        c,
        assistant("Fine."),
        user(phrase),
        assistant("Hi!"),
        user("Hello"),
      );
      expect(sessions.identify(after, "")).toBe(next);
    }
    expect(sessions.identify(chat(a, b, c, d, e), "")).toBe(first);
  });
});

describe("bounds", () => {
  test("a session idle past the TTL expires and the next request gets a new id", () => {
    const { clock, sessions } = detector();
    const first = sessions.identify(chat(a), "");
    clock.advance(ttlMs);
    expect(sessions.identify(chat(a, b, c), "")).toBe(first);
    clock.advance(ttlMs + 1);
    expect(sessions.activeSessions()).toBe(0);
    const next = sessions.identify(chat(a, b, c, d, e), "");
    expect(next).not.toBe(first);
    expect(sessions.activeSessions()).toBe(1);
  });

  test("at maxSessions the least recently used session is evicted", () => {
    const { clock, sessions } = detector(2);
    const one = sessions.identify(chat(user("one")), "");
    clock.advance(1);
    const two = sessions.identify(chat(user("two")), "");
    clock.advance(1);
    // using "one" again makes "two" the least recently used
    expect(sessions.identify(chat(user("one"), assistant("1"), user("more")), "")).toBe(one);
    clock.advance(1);
    sessions.identify(chat(user("three")), "");
    expect(sessions.activeSessions()).toBe(2);
    expect(sessions.identify(chat(user("two"), assistant("2"), user("more")), "")).not.toBe(two);
    expect(sessions.activeSessions()).toBe(2);
  });

  test("an evicted session's reply no longer joins a trimmed request", () => {
    const { sessions } = detector(1);
    const first = sessions.identify(chat(a, b, c), "");
    sessions.identify(chat(user("something else")), "");
    expect(sessions.identify(chat(b, c), "")).not.toBe(first);
  });
});

describe("request shapes", () => {
  test("the same messages in two scopes are two sessions", () => {
    const { sessions } = detector();
    const alpha = sessions.identify(chat(a), "alpha");
    const beta = sessions.identify(chat(a), "beta");
    expect(sessions.identify(chat(a, b, c), "alpha")).toBe(alpha);
    expect(sessions.identify(chat(a, b, c), "beta")).toBe(beta);
    expect(alpha).not.toBe(beta);
    expect(sessions.identify(chat(b, c), "gamma")).toBeString();
    expect(sessions.activeSessions()).toBe(3);
  });

  test("Anthropic requests with a system string or blocks", () => {
    const { sessions } = detector();
    const blocks = [{ type: "text", text: "You are\na tutor." }];
    const first = sessions.identify({ system: "You are a tutor.", messages: [a] }, "");
    const next = {
      system: blocks,
      messages: [a, assistant([{ type: "text", text: "Paris." }]), c],
    };
    expect(sessions.identify(next, "")).toBe(first);
    expect(sessions.identify({ system: "Another prompt.", messages: [a, b, c] }, "")).not.toBe(
      first,
    );
  });

  test("chat content-part arrays read their text", () => {
    const { sessions } = detector();
    const first = sessions.identify(chat(user([{ type: "text", text: "Hi there" }])), "");
    const image = { type: "image_url", image_url: { url: "https://example.com/x.png" } };
    const parts = user([{ type: "text", text: "Hi" }, image, { type: "text", text: "there" }]);
    expect(sessions.identify(chat(parts, assistant("Hello!"), user("Bye")), "")).toBe(first);
  });

  test.each<[string, unknown]>([
    ["no body", undefined],
    ["a string body", "hello"],
    ["an array body", [a]],
    ["no messages field", { model: "x", prompt: "hi" }],
    ["messages that are not an array", { messages: "hi" }],
    ["an empty messages array", { messages: [] }],
  ])("%s has no session", (_, body) => {
    const { sessions } = detector();
    expect(sessions.identify(body, "")).toBeUndefined();
    expect(sessions.activeSessions()).toBe(0);
  });

  test("ids are distinct and URL-safe", () => {
    const { sessions } = detector(1000);
    const ids = new Set<string | undefined>();
    for (let i = 0; i < 200; i++) ids.add(sessions.identify(chat(user(`q${i}`)), ""));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^ses_[A-Za-z0-9_-]{16}$/);
  });
});
