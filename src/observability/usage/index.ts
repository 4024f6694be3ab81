// Usage extraction from responses passing through the proxy, streamed or not.

export { createStreamUsageTap, type StreamUsageTap } from "./stream-usage-tap.ts";
export { noUsage, type Usage, type UsageKind } from "./usage.ts";
export { usageFromBody } from "./usage-from-body.ts";
export { usageKindForPath } from "./usage-kind.ts";
