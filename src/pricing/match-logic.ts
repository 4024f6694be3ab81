// Evaluates the price list's model matching rules, compiled once: literal rules compare the
// lowercased model name, regex rules test it as written in the list (as genai-prices does).

import type { MatchLogic } from "./built-in-format.ts";

/** Takes the model name already lowercased and trimmed. */
export type ModelMatcher = (model: string) => boolean;

export function compileMatchLogic(logic: MatchLogic): ModelMatcher {
  if ("or" in logic) {
    const parts = logic.or.map(compileMatchLogic);
    return (model) => parts.some((part) => part(model));
  }
  if ("and" in logic) {
    const parts = logic.and.map(compileMatchLogic);
    return (model) => parts.every((part) => part(model));
  }
  if ("regex" in logic) {
    const regex = new RegExp(logic.regex);
    return (model) => regex.test(model);
  }
  if ("equals" in logic) {
    const value = logic.equals.toLowerCase();
    return (model) => model === value;
  }
  if ("starts_with" in logic) {
    const value = logic.starts_with.toLowerCase();
    return (model) => model.startsWith(value);
  }
  if ("ends_with" in logic) {
    const value = logic.ends_with.toLowerCase();
    return (model) => model.endsWith(value);
  }
  const value = logic.contains.toLowerCase();
  return (model) => model.includes(value);
}
