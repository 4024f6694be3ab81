// Providers: one file per upstream kind, the lookup by kind, and the provider contract.

export { type ProviderSettings, providerFor } from "./provider-for.ts";
export type { Provider, UpstreamCall } from "./types.ts";
