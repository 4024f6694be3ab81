// Starts the bench's mock upstream (scripts/mock-upstream.ts --memo) as its own process on core
// 1, beside the load, so that the gateways have core 0 to themselves.

import { type ServerProcess, spawnServer } from "./children.ts";
import { waitForOutput } from "./wait-for.ts";

export type RunningMock = { server: ServerProcess; origin: string; port: number; pid: number };

export async function startMock(logDir: string, name = "mock"): Promise<RunningMock> {
  const argv = [process.execPath, "scripts/mock-upstream.ts", "--port", "0", "--memo"];
  const server = spawnServer(name, argv, logDir, { core: 1 });
  const match = await waitForOutput(server, /listening on (http:\/\/[\d.]+:(\d+))/, 10_000);
  const [, origin = "", port = "0"] = match;
  return { server, origin, port: Number(port), pid: server.proc.pid };
}
