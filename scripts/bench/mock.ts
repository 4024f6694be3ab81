// Starts the mock upstream (scripts/mock-upstream.ts) as its own process on the servers' core.

import { type ServerProcess, spawnServer } from "./children.ts";
import { waitForOutput } from "./wait-for.ts";

export type RunningMock = { server: ServerProcess; origin: string; port: number; pid: number };

/** Streams are shaped per request with x-mock-* headers; recording stays off (the default). */
export async function startMock(logDir: string, name = "mock"): Promise<RunningMock> {
  const argv = [process.execPath, "scripts/mock-upstream.ts", "--port", "0"];
  const server = spawnServer(name, argv, logDir);
  const match = await waitForOutput(server, /listening on (http:\/\/[\d.]+:(\d+))/, 10_000);
  const [, origin = "", port = "0"] = match;
  return { server, origin, port: Number(port), pid: server.proc.pid };
}
