// Bun's fetch() allows only 256 concurrent requests unless BUN_CONFIG_MAX_HTTP_REQUESTS is set
// before the process starts (bun-1.4 facts §2); setting it from code is too late. `serve`
// therefore re-runs itself once with the variable set, passing signals and the exit code on.

const variable = "BUN_CONFIG_MAX_HTTP_REQUESTS";
const wantedConcurrency = "16384";
const supervisorVariable = "LLM_PROXY_SUPERVISOR_PID";
// How often a relaunched server checks that its launcher is still alive.
const supervisorCheckMs = 1000;

export function needsRelaunch(env: Record<string, string | undefined>): boolean {
  return env[variable] === undefined;
}

export async function relaunchWithFetchConcurrency(): Promise<number> {
  const compiled = import.meta.path.startsWith("/$bunfs/");
  const args = compiled ? process.argv.slice(2) : process.argv.slice(1);
  const child = Bun.spawn([process.execPath, ...args], {
    env: {
      ...process.env,
      [variable]: wantedConcurrency,
      [supervisorVariable]: String(process.pid),
    },
    stdio: ["inherit", "inherit", "inherit"],
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  process.on("SIGHUP", forward("SIGHUP"));
  return await child.exited;
}

/**
 * A launcher killed with SIGKILL cannot forward the signal, so the relaunched server would live
 * on as an orphan holding the port. It notices being re-parented and shuts down like on SIGTERM.
 */
export function watchSupervisor(
  env: Record<string, string | undefined>,
  onOrphaned: () => void,
): void {
  const supervisor = Number(env[supervisorVariable]);
  if (!Number.isInteger(supervisor) || supervisor <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === supervisor) return;
    clearInterval(timer);
    onOrphaned();
  }, supervisorCheckMs);
  timer.unref();
}
