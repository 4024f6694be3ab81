// Whole JSON answers the answer translators are tested against.

export const fixedClock = { now: () => 1_730_000_000_000 };

export const createdSeconds = 1_730_000_000;

export const anthropicAnswer = {
  id: "msg_01",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    { type: "thinking", thinking: "Two cities.", signature: "sig-1" },
    { type: "text", text: "Checking both." },
    { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
    { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: {
    input_tokens: 20,
    cache_read_input_tokens: 100,
    cache_creation_input_tokens: 30,
    output_tokens: 12,
  },
};

export const chatAnswer = {
  id: "chatcmpl-01",
  object: "chat.completion",
  created: createdSeconds,
  model: "gpt-4o",
  choices: [
    {
      index: 0,
      message: {
        role: "assistant",
        content: "Checking both.",
        refusal: null,
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
      logprobs: null,
      finish_reason: "tool_calls",
    },
  ],
  usage: {
    prompt_tokens: 150,
    completion_tokens: 12,
    total_tokens: 162,
    prompt_tokens_details: { cached_tokens: 100 },
  },
};
