// The signals `serve` handles, installed before anything is announced: Bun installs handlers
// asynchronously, and a signal that beat them would take its default action (kill, no drain).

export type ServeSignals = {
  /** The first SIGTERM or SIGINT. */
  stop: Promise<string>;
  onHangup(handler: () => void): void;
};

export function listenForSignals(): ServeSignals {
  let hangup: () => void = () => {};
  // SIGHUP's default action is to exit: it is handled from the start, and never stops the server
  process.on("SIGHUP", () => hangup());
  // handlers stay: a second signal during the drain must not kill the process unflushed
  const stop = new Promise<string>((resolve) => {
    process.on("SIGINT", () => resolve("SIGINT"));
    process.on("SIGTERM", () => resolve("SIGTERM"));
  });
  return {
    stop,
    onHangup: (handler) => {
      hangup = handler;
    },
  };
}
