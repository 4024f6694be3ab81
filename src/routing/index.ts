// Routing: which providers may answer a request, in which order.

export { compileGlobs, type GlobMatcher } from "./glob.ts";
export { createRouter, type Router } from "./router.ts";
