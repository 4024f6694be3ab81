// Provider lookup by kind: the implementation a configured provider's `type` names.

import type { ProviderKind } from "../shared/index.ts";
import { anthropicProvider } from "./anthropic.ts";
import { createAzureProvider } from "./azure.ts";
import { mockProvider } from "./mock.ts";
import { openAIProvider } from "./openai.ts";
import type { Provider } from "./types.ts";

/** The parts of a provider's config its implementation depends on. */
export type ProviderSettings = { type: ProviderKind; api_version: string };

export function providerFor(settings: ProviderSettings): Provider {
  switch (settings.type) {
    case "openai":
      return openAIProvider;
    case "anthropic":
      return anthropicProvider;
    case "azure":
      return createAzureProvider(settings.api_version);
    case "mock":
      return mockProvider;
  }
}
