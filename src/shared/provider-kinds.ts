// The upstream kinds the proxy speaks: the config's `type` values and the providers' own names.

export const providerKinds = ["openai", "anthropic", "azure", "mock"] as const;
export type ProviderKind = (typeof providerKinds)[number];
