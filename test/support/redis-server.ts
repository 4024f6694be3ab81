// A real redis-server on a free loopback port for the Redis tests; restartable on the same port,
// and freezable, so a test can take Redis away (or hang it) and bring it back mid-run.

export type RedisServer = {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops it (if running) and starts it again on the same port, empty. */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open and every command hangs (a frozen server). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  [Symbol.asyncDispose](): Promise<void>;
};

export async function startRedisServer(): Promise<RedisServer> {
  const binary = Bun.which("redis-server");
  if (binary === null) {
    throw new Error(
      "redis-server is not installed: install Debian's redis-server package (apt-get install redis-server); .ci/run does",
    );
  }
  const port = freePort();
  let running: Bun.Subprocess<"ignore", "pipe", "inherit"> | undefined = await launch(binary, port);
  const stop = async () => {
    if (!running) return;
    const proc = running;
    running = undefined;
    proc.kill("SIGKILL");
    await proc.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      running = await launch(binary, port);
    },
    freeze: () => running?.kill("SIGSTOP"),
    thaw: () => running?.kill("SIGCONT"),
    [Symbol.asyncDispose]: stop,
  };
}

// --- internal ---

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

async function launch(binary: string, port: number) {
  const proc = Bun.spawn(
    [binary, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdout: "pipe", stderr: "inherit" },
  );
  let seen = "";
  const decoder = new TextDecoder();
  const reader = proc.stdout.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`redis-server on port ${port} exited before it was ready:\n${seen}`);
    seen += decoder.decode(value, { stream: true });
    if (seen.includes("Ready to accept connections")) break;
  }
  // keep draining its log so the pipe never fills and blocks it
  void (async () => {
    while (!(await reader.read()).done);
  })();
  return proc;
}
