// Finds the WARN and ERROR lines in a gateway's log: a clean run has none.

/** A sentence naming how many there were and the first, or undefined when there were none. */
function summarizeProxyLog(log: string): string | undefined {
  const problems = log.split("\n").filter((line) => / (WARN|ERROR) /.test(line));
  if (problems.length === 0) return undefined;
  return `logged ${problems.length} WARN/ERROR lines, first: ${problems[0]?.trim()}`;
}

/** summarizeProxyLog of a log file; a missing file has no problems. */
export async function logFileProblems(path: string): Promise<string | undefined> {
  const text = await Bun.file(path)
    .text()
    .catch(() => "");
  return summarizeProxyLog(text);
}
