// The error thrown for an unusable config: every problem with its dotted path.

export type ConfigProblem = { path: string; message: string };

export class ConfigError extends Error {
  readonly source: string;
  readonly problems: ConfigProblem[];

  constructor(source: string, problems: ConfigProblem[]) {
    super(formatProblems(source, problems));
    this.name = "ConfigError";
    this.source = source;
    this.problems = problems;
  }
}

export function formatProblems(source: string, problems: ConfigProblem[]): string {
  const noun = problems.length === 1 ? "problem" : "problems";
  const lines = problems.map((p) => `  - ${p.path || "(root)"}: ${p.message}`);
  return [`${source}: ${problems.length} ${noun}`, ...lines].join("\n");
}
