// Request bodies shaped like the real clients' first requests: Claude Code and Codex CLI.

const toolNames = [
  "Task",
  "Bash",
  "Glob",
  "Grep",
  "LS",
  "Read",
  "Edit",
  "MultiEdit",
  "Write",
  "WebFetch",
  "TodoWrite",
  "WebSearch",
];

const ephemeral = { type: "ephemeral" };

/** Claude Code's first request (ANTHROPIC_BASE_URL at the proxy): thinking 31999, cache_control, a dozen tools. */
export function claudeCodeFirstRequest(): Record<string, unknown> {
  return structuredClone(claudeCode);
}

/** Codex CLI on the Responses API (wire_api = "responses"): store false, encrypted reasoning, built-ins. */
export function codexRequest(): Record<string, unknown> {
  return structuredClone(codex);
}

// --- internal ---

const claudeCode = {
  model: "claude-sonnet-4-5-20250929",
  max_tokens: 32000,
  messages: [
    {
      role: "user",
      content: [
        {
          type: "text",
          text: "<system-reminder>As you answer, use the tools.</system-reminder>",
        },
        { type: "text", text: "List the files here.", cache_control: ephemeral },
      ],
    },
  ],
  temperature: 1,
  system: [
    {
      type: "text",
      text: "You are Claude Code, Anthropic's official CLI for Claude.",
      cache_control: ephemeral,
    },
    {
      type: "text",
      text: "You are an interactive CLI tool that helps users with software engineering tasks.",
      cache_control: ephemeral,
    },
  ],
  tools: toolNames.map((name, i) => ({
    name,
    description: `The ${name} tool.`,
    input_schema: {
      type: "object",
      properties: { input: { type: "string" } },
      required: ["input"],
      additionalProperties: false,
      $schema: "http://json-schema.org/draft-07/schema#",
    },
    ...(i === toolNames.length - 1 ? { cache_control: ephemeral } : {}),
  })),
  metadata: { user_id: "user_0123_account__session_4567" },
  thinking: { type: "enabled", budget_tokens: 31999 },
  context_management: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] },
  stream: true,
};

const codex = {
  model: "gpt-5-codex",
  instructions: "You are Codex, a coding agent.",
  input: [
    {
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: "<permissions>workspace-write</permissions>" }],
    },
    {
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "Run the tests." }],
    },
    {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "I will run the tests." }],
      encrypted_content: "sig-abc",
    },
    {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "shell",
      arguments: '{"command":["bun","test"]}',
    },
    { type: "function_call_output", call_id: "call_1", output: "3 pass" },
  ],
  tools: [
    {
      type: "function",
      name: "shell",
      description: "Runs a shell command.",
      strict: false,
      parameters: {
        type: "object",
        properties: { command: { type: "array", items: { type: "string" } } },
        required: ["command"],
      },
    },
    { type: "web_search" },
    {
      type: "custom",
      name: "apply_patch",
      description: "Patch files.",
      format: { type: "grammar" },
    },
    { type: "local_shell" },
  ],
  tool_choice: "auto",
  parallel_tool_calls: false,
  reasoning: { effort: "medium", summary: "auto" },
  store: false,
  stream: true,
  include: ["reasoning.encrypted_content"],
  prompt_cache_key: "0199a5b4-session",
  text: { verbosity: "medium" },
};
