// The gauges /metrics reads at scrape time, registered once for the process and always reading
// the generation new requests go to.

import { registerRuntimeGauges } from "../observability/index.ts";
import type { Generation } from "./generation.ts";
import type { Runtime } from "./runtime.ts";

export function registerGauges(runtime: Runtime, current: () => Generation): void {
  registerRuntimeGauges(runtime.registry, {
    inFlight: runtime.inFlight.count,
    queued: () => runtime.admission.waiting(),
    providerStates: () =>
      current()
        .proxy.balancer.snapshot()
        .map(({ name, state }) => ({ name, state })),
    usageBacklog: () => current().observability.usageWriter?.value.backlog() ?? 0,
    usageDropped: () => current().observability.usageWriter?.value.dropped() ?? 0,
    activeSessions: () => current().observability.sessions?.activeSessions() ?? 0,
    traceBacklog: () => current().observability.traceWriter?.value.backlog() ?? 0,
    traceDropped: () => current().observability.traceWriter?.value.dropped() ?? 0,
    spendDropped: () => current().proxy.ctx.budgets?.ledger.spendDropped() ?? 0,
  });
}
