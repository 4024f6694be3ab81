// fetch() has no connect timeout (bun-1.4 facts §3). When a response is slow, a TCP probe
// tells a blackholed host (connect timeout) from a slow model (keep waiting for first_byte).

export type ConnectProbe = (hostname: string, port: number, timeoutMs: number) => Promise<boolean>;

export const tcpConnectProbe: ConnectProbe = (hostname, port, timeoutMs) =>
  new Promise<boolean>((resolve) => {
    let settled = false;
    const settle = (reachable: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reachable);
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    Bun.connect({
      hostname,
      port,
      socket: {
        open: (socket) => {
          socket.end();
          settle(true);
        },
        data: () => {},
        connectError: () => settle(false),
        error: () => settle(false),
      },
    }).catch(() => settle(false));
  });

/** Remembers origins that answered recently, so busy upstreams are never probed. */
export function createReachabilityMemory(windowMs: number, now: () => number) {
  const lastAnswerAt = new Map<string, number>();
  return {
    markReachable(origin: string): void {
      lastAnswerAt.set(origin, now());
    },
    isKnownReachable(origin: string): boolean {
      const at = lastAnswerAt.get(origin);
      return at !== undefined && now() - at < windowMs;
    },
  };
}

export type ReachabilityMemory = ReturnType<typeof createReachabilityMemory>;
