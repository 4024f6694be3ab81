// Bun.serve adapter: binds the app's fetch, lifts the idle timeout for proxied requests, and
// shuts down gracefully (stop accepting, let in-flight finish within the grace, then cut).

import type { Server } from "bun";
import type { Logger } from "../observability/index.ts";
import type { PeerLookup } from "./client-address.ts";

export type Servable = {
  fetch(request: Request, peer?: PeerLookup): Promise<Response>;
  /** The largest request body any config the app may reload to accepts (server.max_body). */
  readonly maxBodyBytes: number;
  /** Ends every in-flight stream with an error event. */
  abortInFlight(): void;
  inFlight(): number;
  /** Resolves once nothing is in flight. */
  waitForIdle(): Promise<void>;
  close(): Promise<void>;
};

export type RunningServer = {
  url: URL;
  port: number;
  /** Graceful stop: waits up to graceMs for in-flight requests, then cuts them; closes the app. */
  shutdown(graceMs: number): Promise<void>;
};

export type StartServerOptions = {
  host: string;
  port: number;
  logger: Logger;
};

// Keep-alive connections with nothing in flight are reaped after this; proxied requests are
// exempt (server.timeout(req, 0)) because a model may think for minutes (bun-1.4 facts §2).
const idleTimeoutSeconds = 120;

export function startServer(app: Servable, options: StartServerOptions): RunningServer {
  const server: Server<undefined> = Bun.serve({
    hostname: options.host,
    port: options.port,
    idleTimeout: idleTimeoutSeconds,
    // Bun answers an over-limit content-length itself with an empty 413 before the handler runs;
    // its limit is only a backstop so the pipeline can refuse oversize bodies in the caller's dialect.
    // It is fixed for the listener's life: the app says how far a reload may raise max_body.
    maxRequestBodySize: app.maxBodyBytes + 1,
    fetch(request, bunServer) {
      bunServer.timeout(request, 0);
      return app.fetch(request, bunServer);
    },
    error(error) {
      options.logger.error("unhandled server error", { cause: error.message });
      return Response.json(
        { error: { message: "internal error", type: "api_error" } },
        { status: 500 },
      );
    },
  });
  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port ?? options.port,
    shutdown(graceMs) {
      stopping ??= shutdown(server, app, graceMs, options.logger);
      return stopping;
    },
  };
}

// --- internal ---

async function shutdown(server: Server<undefined>, app: Servable, graceMs: number, logger: Logger) {
  const pending = app.inFlight();
  if (pending > 0)
    logger.info(`shutting down: waiting up to ${graceMs} ms for ${pending} in-flight`);
  const drained = Promise.all([server.stop(false), app.waitForIdle()]);
  let timer: Timer | undefined;
  const graceOver = new Promise<"grace">((resolve) => {
    timer = setTimeout(() => resolve("grace"), graceMs);
  });
  const outcome = await Promise.race([drained.then(() => "drained" as const), graceOver]);
  clearTimeout(timer);
  if (outcome === "grace") {
    logger.warn(`shutdown grace over: ending ${app.inFlight()} in-flight request(s)`);
    app.abortInFlight();
    await Promise.race([drained, Bun.sleep(1_000)]);
    await server.stop(true);
  }
  await app.close();
}
