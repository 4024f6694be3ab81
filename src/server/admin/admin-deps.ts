// What the admin API's resources are built from, and the checks they share for optional parts.

import type { BudgetStatus, Management } from "../../auth/index.ts";
import type { ProviderSnapshot } from "../../routing/index.ts";
import { ProxyError } from "../../shared/index.ts";
import type { AuditRepository, TraceRepository, UsageRepository } from "../../store/index.ts";
import type { AdminGate } from "./admin-gate.ts";

export type AdminDeps = {
  /** Empty: the admin API is off. */
  adminKey: string;
  /** The admin key check and its throttle, shared with /config. */
  gate: AdminGate;
  /** Undefined when no store is open (it is whenever an admin key is set). */
  management: Management | undefined;
  audit: AuditRepository | undefined;
  usage: UsageRepository | undefined;
  traces: TraceRepository | undefined;
  providerSnapshots: () => ProviderSnapshot[];
  /** Empties the response cache; undefined when cache.enabled is false. */
  clearCache: (() => Promise<number>) | undefined;
  /** Un-benches a provider's credentials; false when it has no credential pool. */
  resetCredentials: (provider: string) => boolean;
  /** Closes a provider's breaker and clears its cool-down; false when there is no such name. */
  resetProvider: (provider: string) => boolean;
  /** Every budget's status (the live ledger's reservations included); undefined without tokens. */
  budgets: (() => Promise<BudgetStatus[]>) | undefined;
  /** Re-reads and swaps in the config; undefined when the app was not started from a file. */
  reload: Reload | undefined;
  now: () => number;
};

/** What a reload did: DESIGN.md's success body, or every problem that kept the old config. */
export type ReloadOutcome =
  | {
      ok: true;
      result: {
        reloaded: true;
        version: string;
        changes: { path: string }[];
        restart_needed: string[];
      };
    }
  | { ok: false; message: string; problems: { path: string; message: string }[] };

export type Reload = (actor: "admin" | "signal" | "watch") => Promise<ReloadOutcome>;

export function needReload(deps: AdminDeps): Reload {
  if (!deps.reload) {
    throw new ProxyError(
      "conflict",
      "this server was not started from a config file, so there is nothing to reload",
    );
  }
  return deps.reload;
}

export function needManagement(deps: AdminDeps): Management {
  if (!deps.management) throw new ProxyError("internal_error", "the store is not open");
  return deps.management;
}

export function needAudit(deps: AdminDeps): AuditRepository {
  if (!deps.audit) throw new ProxyError("internal_error", "the store is not open");
  return deps.audit;
}

/** Writes an admin audit event when the store is open. */
export async function auditAdmin(
  deps: AdminDeps,
  action: string,
  target: string,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await deps.audit?.record({ at: deps.now(), actor: "admin", action, target, details });
}
