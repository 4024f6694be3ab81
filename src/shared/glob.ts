// Model globs ("gpt-*", "claude-3-?-sonnet"): compiled once to anchored regular expressions.

export type GlobMatcher = (value: string) => boolean;

export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  if (patterns.includes("*")) return () => true;
  const regexes = patterns.map(globToRegExp);
  return (value) => regexes.some((regex) => regex.test(value));
}

// --- internal ---

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}
