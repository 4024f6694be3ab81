// Writes src/pricing/built-in-prices.json from the pinned @pydantic/genai-prices devDependency.
// Run after bumping that package: `bun scripts/generate-prices.ts`; the pricing tests fail until
// the committed table matches the installed package.

import { $ } from "bun";
import { buildPriceFile } from "./prices/build-price-file.ts";

const path = new URL("../src/pricing/built-in-prices.json", import.meta.url).pathname;
const file = buildPriceFile();
await Bun.write(path, `${JSON.stringify(file, null, 2)}\n`);
// the repository's formatter owns the layout; the test compares content, not bytes
await $`bunx biome format --write ${path}`.quiet();
const models = file.providers.reduce((sum, provider) => sum + provider.models.length, 0);
console.error(
  `wrote ${path}: ${models} models from ${file.source.package} ${file.source.version} (${file.source.license})`,
);
