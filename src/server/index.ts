// Server: Bun.serve wiring, the request pipeline, built-in endpoints, error responses.

export type { Reload, ReloadOutcome } from "./admin/admin-deps.ts";
export { createAdminGate } from "./admin/admin-gate.ts";
export { createAdminHandler } from "./admin/admin-handler.ts";
export { createBuiltinRoutes } from "./builtin-routes.ts";
export { createAddressResolver } from "./client-address.ts";
export { createEndpointPolicy } from "./endpoint-policy.ts";
export { createHandler, type Handler } from "./handler.ts";
export { fetchModelList, healthCheckRequest } from "./health-request.ts";
export { createInFlight, type InFlight } from "./in-flight.ts";
export { createModelCatalog, type ModelCatalog } from "./model-catalog.ts";
export { createPrefixStripper } from "./model-prefixes.ts";
export type { PipelineContext } from "./pipeline.ts";
export { createRequestCache, type RequestCache } from "./request-cache.ts";
export type { ReportContext } from "./request-report.ts";
export { type RunningServer, type Servable, startServer } from "./serve.ts";
export { createTargets } from "./targets.ts";
