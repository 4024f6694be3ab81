// The management API on a test's store, acting as the CLI: projects and tokens made directly.

import { createManagement, type Management } from "../../src/auth/index.ts";
import { createRepositories, type Store } from "../../src/store/index.ts";

export function managementOf(store: Store, now: () => number = () => Date.now()): Management {
  return createManagement({ ...createRepositories(store), actor: "cli", now });
}
