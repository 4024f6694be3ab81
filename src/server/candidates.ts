// Adapts routing's request plan to upstream's candidate source: each leased provider becomes a
// candidate with its own URL parts and model-mapped body, and each attempt's report becomes a
// health outcome for that provider.

import type { Lease, Outcome, RequestPlan } from "../routing/index.ts";
import type { AttemptReport, Candidate, CandidateSource, Target } from "../upstream/index.ts";
import { bodyForModel, type ClientBody } from "./request-body.ts";
import type { RequestTarget } from "./request-target.ts";

export type CandidateInput = {
  plan: RequestPlan;
  targets: Map<string, Target>;
  requestTarget: RequestTarget;
  body: ClientBody;
  model: string | undefined;
};

export function createCandidateSource(input: CandidateInput): CandidateSource {
  return {
    async next(signal) {
      const lease = await input.plan.next(signal);
      return lease ? toCandidate(lease, input) : undefined;
    },
    exhausted: () => input.plan.exhausted(),
  };
}

/** How an attempt's report counts for the provider's health. */
export function toOutcome(report: AttemptReport | undefined): Outcome | undefined {
  if (report === undefined) return undefined;
  if (report.failure !== undefined) {
    return { kind: "failed", message: describeFailure(report.failure, report.status) };
  }
  const status = report.status ?? 0;
  if (status === 429) return { kind: "rate_limited", retryAfterMs: report.retryAfterMs };
  if (status === 401 || status === 403) return { kind: "auth_failed", status };
  if (status >= 500) return { kind: "failed", message: `answered ${status}` };
  return { kind: "answered", status, firstByteMs: report.firstByteMs };
}

// --- internal ---

function toCandidate(lease: Lease, input: CandidateInput): Candidate {
  const provider = lease.provider.config;
  const { model } = input;
  const upstreamModel = model === undefined ? undefined : (provider.model_map[model] ?? model);
  return {
    target: input.targets.get(provider.name) as Target,
    call: {
      pathname: input.requestTarget.pathname,
      search: input.requestTarget.search,
      model: upstreamModel,
    },
    body: bodyForModel(input.body, upstreamModel),
    finish: (report) => lease.finish(toOutcome(report)),
  };
}

function describeFailure(failure: string, status: number | undefined): string {
  switch (failure) {
    case "connect_timeout":
      return "connect timeout";
    case "first_byte_timeout":
      return "no response before the first-byte timeout";
    case "timeout":
      return "request timeout";
    case "stream_broken":
      return `stream broke off after ${status ?? "a"} response`;
    default:
      return "connection failed";
  }
}
