// The admin API's answers, as the dashboard reads them.

export type StatsPoint = {
  t: string;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p99_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
};

export type CredentialState = {
  name: string;
  state: "ok" | "benched" | "cooling_down";
  requests: number;
  failures: number;
  cooling_down_until: string | null;
};

export type Provider = {
  name: string;
  type: string;
  state: string;
  breaker: "closed" | "open" | "half_open";
  health_check: "unknown" | "up" | "down";
  in_flight: number;
  slots_in_use: number | null;
  max_concurrent: number | null;
  weight: number;
  fallback_only: boolean;
  ewma_first_byte_ms: number | null;
  requests: number;
  errors: { server: number; rate_limited: number; auth: number };
  last_error: { message: string; at: string } | null;
  cooling_down_until: string | null;
  credentials: CredentialState[] | null;
};

export type BudgetPeriod = "1d" | "7d" | "30d" | "month" | "total";

/** A project's or a token's budget as its listing shows it: null amount, no budget. */
export type BudgetSetting = { budget_usd: number | null; budget_period: BudgetPeriod | null };

/** GET /admin/budgets: a token's budget is named by the token id. */
export type BudgetStatus = {
  scope: "project" | "token";
  name: string;
  budget_usd: number;
  period: BudgetPeriod;
  spent_usd: number;
  reserved_usd: number;
  resets_at: string | null;
};

export type Project = BudgetSetting & {
  id: string;
  name: string;
  active: boolean;
  created_at: string;
  tokens: number;
};

export type Token = BudgetSetting & {
  id: string;
  prefix: string;
  project: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  request_count: number;
  max_requests: number | null;
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
};

export type CreatedToken = { id: string; token: string; project: string; name: string };

export type UsageRow = Record<string, string | number | null> & {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  errors: number;
  /** USD of the priced requests; null when none was priced. */
  cost_usd: number | null;
  /** Requests that used tokens of a model without a known price. */
  unpriced_requests: number;
};

export type TraceSummary = {
  id: string;
  request_id: string;
  time: string;
  method: string;
  path: string;
  model: string | null;
  provider: string | null;
  status: number;
  duration_ms: number;
  session_id: string | null;
  truncated: boolean;
};

export type Trace = TraceSummary & {
  request_headers: Record<string, string> | null;
  request_body: string | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  response_text: string | null;
};

export type AuditEvent = {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
};

/** GET /config: the effective config (redacted) with its version hash and load time. */
export type ConfigInfo = { version: string; loaded_at: string };

/** POST /admin/reload's 200 answer. */
export type ReloadResult = {
  reloaded: true;
  version: string;
  changes: { path: string }[];
  restart_needed: string[];
};

export type ConfigProblem = { path: string; message: string };
