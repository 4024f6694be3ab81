// The composition root's parts: runtime, storage, observability, proxy and admin, generations of
// them, and the reloader that swaps one generation for the next.

export { buildCredentialPools } from "./credential-pools.ts";
export { type Deps, fillDeps } from "./deps.ts";
export { registerGauges } from "./gauges.ts";
export { createGeneration, type Generation } from "./generation.ts";
export { createReloader, type ReloadActor, type Reloader } from "./reloader.ts";
export { createRuntime, type Runtime } from "./runtime.ts";
export { subscribeSharedEvents } from "./shared-subscription.ts";
export { needsStore } from "./storage-part.ts";
