// Usage of a scripted reply in both conventions: OpenAI's prompt_tokens include cache reads and
// writes (prompt_tokens_details names them); Anthropic's input_tokens exclude both.

import type { MockFeatures } from "./scripted-features.ts";
import { countWords } from "./text-pieces.ts";

export type ScriptedUsage = {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
};

export function scriptedUsage(
  promptWords: number,
  text: string,
  features: MockFeatures,
): ScriptedUsage {
  const calls = (features.toolCalls ?? []).map(
    (call) => `${call.name} ${JSON.stringify(call.arguments)}`,
  );
  return {
    uncachedInput: promptWords,
    cacheRead: features.cache?.read ?? 0,
    cacheWrite: features.cache?.write ?? 0,
    output: countWords([features.thinking ?? "", text, ...calls].join(" ")),
  };
}

export function toOpenAIScriptedUsage(
  usage: ScriptedUsage,
  withCache: boolean,
): Record<string, unknown> {
  const prompt = usage.uncachedInput + usage.cacheRead + usage.cacheWrite;
  const body: Record<string, unknown> = {
    prompt_tokens: prompt,
    completion_tokens: usage.output,
    total_tokens: prompt + usage.output,
  };
  if (withCache) {
    body.prompt_tokens_details = {
      cached_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite,
    };
  }
  return body;
}

export function toAnthropicScriptedUsage(usage: ScriptedUsage): Record<string, number> {
  return {
    input_tokens: usage.uncachedInput,
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cacheRead,
    output_tokens: usage.output,
  };
}
