// Routing: which providers may answer a request, in which order, within which limits.

export { type Balancer, createBalancer, type Lease, type RequestPlan } from "./balancer.ts";
export { createHealthChecker, type HealthChecker } from "./health-checker.ts";
export type {
  Outcome,
  ProviderSnapshot,
  ProviderState,
  StateChange,
} from "./provider-state.ts";
export { createSemaphore, type Permit, type Semaphore } from "./semaphore.ts";
