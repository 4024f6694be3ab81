// First run with auth.mode tokens and an empty store: create a "default" project and one token,
// and print the token once, with how to use it. Later runs find the project and print nothing.

import { createManagement } from "../auth/index.ts";
import { createRepositories, type Store } from "../store/index.ts";

/** Returns the new token's secret when one was created. */
export async function bootstrapFirstToken(store: Store): Promise<string | undefined> {
  const repositories = createRepositories(store);
  const management = createManagement({ ...repositories, actor: "system", now: () => Date.now() });
  // two servers starting at once on one store bootstrap only once
  return store.exclusive("first-run", async () => {
    if ((await repositories.projects.list()).length > 0) return undefined;
    return (await management.createToken({ project: "default", name: "first-run" })).secret;
  });
}

export function firstRunMessage(secret: string, origin: string): string {
  return [
    "",
    '  First run: created project "default" and this client token. It is shown only now:',
    "",
    `    ${secret}`,
    "",
    "  Use it as the API key of your OpenAI or Anthropic client:",
    `    OpenAI:    new OpenAI({ baseURL: "${origin}/v1", apiKey: "<token>" })`,
    `    Anthropic: new Anthropic({ baseURL: "${origin}", apiKey: "<token>" })`,
    "  More tokens: llm-proxy token create --project default",
    "",
  ].join("\n");
}
