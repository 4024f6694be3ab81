// Bun's fetch() allows only 256 concurrent requests unless BUN_CONFIG_MAX_HTTP_REQUESTS is set
// before the process starts (bun-1.4 facts §2); setting it from code is too late. `serve`
// therefore re-runs itself once with the variable set, passing signals and the exit code on.

const variable = "BUN_CONFIG_MAX_HTTP_REQUESTS";
const wantedConcurrency = "16384";

export function needsRelaunch(env: Record<string, string | undefined>): boolean {
  return env[variable] === undefined;
}

export async function relaunchWithFetchConcurrency(): Promise<number> {
  const compiled = import.meta.path.startsWith("/$bunfs/");
  const args = compiled ? process.argv.slice(2) : process.argv.slice(1);
  const child = Bun.spawn([process.execPath, ...args], {
    env: { ...process.env, [variable]: wantedConcurrency },
    stdio: ["inherit", "inherit", "inherit"],
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGHUP", forward("SIGHUP"));
  return await child.exited;
}
