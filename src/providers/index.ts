// Provider lookup by kind, and the provider contract.

import type { ProviderConfig } from "../config/index.ts";
import { anthropicProvider } from "./anthropic.ts";
import { createAzureProvider } from "./azure.ts";
import { mockProvider } from "./mock.ts";
import { openAIProvider } from "./openai.ts";
import type { Provider } from "./types.ts";

export type { Provider, UpstreamCall } from "./types.ts";

export function providerFor(config: ProviderConfig): Provider {
  switch (config.type) {
    case "openai":
      return openAIProvider;
    case "anthropic":
      return anthropicProvider;
    case "azure":
      return createAzureProvider(config.api_version);
    case "mock":
      return mockProvider;
  }
}
