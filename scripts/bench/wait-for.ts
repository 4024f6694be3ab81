// Waits for a spawned server to be ready: a line in its output, or an open port.

import type { ServerProcess } from "./children.ts";

const pollMs = 25;

/** The first match of `pattern` in the server's stdout or stderr. */
export async function waitForOutput(
  server: ServerProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const match = (await readOutput(server)).match(pattern);
    if (match) return match;
    await failIfExited(server);
    await Bun.sleep(pollMs);
  }
  throw new Error(
    `${server.name} printed no ${pattern} within ${timeoutMs} ms${await tail(server)}`,
  );
}

export async function waitForPort(
  server: ServerProcess,
  port: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await canConnect(port)) return;
    await failIfExited(server);
    await Bun.sleep(pollMs);
  }
  throw new Error(
    `${server.name} did not open port ${port} within ${timeoutMs} ms${await tail(server)}`,
  );
}

/** The last lines of a server's output, for an error message. */
export async function tail(server: ServerProcess, lines = 15): Promise<string> {
  const text = (await readOutput(server)).trimEnd();
  return text === "" ? "" : `\n  ${text.split("\n").slice(-lines).join("\n  ")}`;
}

// --- internal ---

async function readOutput(server: ServerProcess): Promise<string> {
  const read = (path: string) =>
    Bun.file(path)
      .text()
      .catch(() => "");
  return `${await read(server.stdoutPath)}${await read(server.stderrPath)}`;
}

async function failIfExited(server: ServerProcess): Promise<void> {
  const { proc } = server;
  if (proc.exitCode === null && proc.signalCode === null) return;
  const how = proc.exitCode === null ? `signal ${proc.signalCode}` : `code ${proc.exitCode}`;
  throw new Error(`${server.name} exited (${how}) before it was ready${await tail(server)}`);
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const socket = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    socket.end();
    return true;
  } catch {
    return false;
  }
}
