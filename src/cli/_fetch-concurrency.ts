// Bun's fetch() allows only 256 concurrent requests unless BUN_CONFIG_MAX_HTTP_REQUESTS is set
// before the process starts (bun-1.4 facts §2); setting it from code is too late. `serve`
// therefore replaces its own image once with the variable set (process.execve: same PID, no
// second process), so every signal reaches the process that serves (bun-wave2 facts §3).

const variable = "BUN_CONFIG_MAX_HTTP_REQUESTS";
const wantedConcurrency = "16384";

/** Whether `rawArgs` start the server (not its help) without the variable set. */
export function needsFetchConcurrency(
  rawArgs: readonly string[],
  env: Record<string, string | undefined>,
): boolean {
  const serves = rawArgs[0] === "serve" && !isHelpRequest(rawArgs);
  return serves && env[variable] === undefined && typeof process.execve === "function";
}

export function isHelpRequest(rawArgs: readonly string[]): boolean {
  return rawArgs.includes("--help") || rawArgs.includes("-h");
}

/** Re-executes this process in place with the variable set. Returns only when execve failed. */
export function execWithFetchConcurrency(): Error {
  const compiled = import.meta.path.startsWith("/$bunfs/");
  // compiled: argv = ["bun", "/$bunfs/root/<name>", ...user args]; the binary re-applies its execArgv
  const args = compiled ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  if (!process.execve) return new Error("process.execve is not available");
  try {
    process.execve(process.execPath, [process.execPath, ...args], {
      ...process.env,
      [variable]: wantedConcurrency,
    });
  } catch (error: unknown) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return new Error("process.execve returned");
}
