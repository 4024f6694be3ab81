// reasoning_effort ⇄ Anthropic thinking budgets (DESIGN.md: low/medium/high ⇄ 1024/4096/16384).

export type ReasoningEffort = "low" | "medium" | "high";

/** Anthropic's smallest thinking budget. */
export const minThinkingBudget = 1024;

/** Room left for the answer when a budget raises max_tokens. */
export const answerTokensAboveBudget = 1024;

/** The budget for an OpenAI effort; undefined for "none" and unknown values (no thinking). */
export function effortToBudget(effort: unknown): number | undefined {
  switch (effort) {
    case "minimal":
    case "low":
      return 1024;
    case "medium":
      return 4096;
    case "high":
    case "xhigh":
    case "max":
      return 16384;
    default:
      return undefined;
  }
}

/** By range: below 2,048 → low, below 8,192 → medium, else high. */
export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget < 2048) return "low";
  if (budget < 8192) return "medium";
  return "high";
}

/** Anthropic's output_config.effort (low … max) in OpenAI's three levels. */
export function anthropicEffortToOpenAI(effort: unknown): ReasoningEffort | undefined {
  if (effort === "low" || effort === "medium" || effort === "high") return effort;
  if (effort === "xhigh" || effort === "max") return "high";
  return undefined;
}
