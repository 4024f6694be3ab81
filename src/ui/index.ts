// UI: the admin dashboard's built files (scripts/build-ui.ts), embedded in the binary.

export { uiFiles } from "./manifest.gen.ts";
