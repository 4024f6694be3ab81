// Adapts routing's request plan to upstream's candidate source: each leased provider becomes a
// candidate with its own URL parts, model-mapped body and credential; each attempt's report
// becomes a health outcome for the provider and for the credential it used. A provider with a
// credential pool is offered again with its next credential after a 401, 403 or 429.

import type { CredentialLease, CredentialOutcome, CredentialPool } from "../credentials/index.ts";
import type { UpstreamCall } from "../providers/index.ts";
import type { Lease, Outcome, ProviderState, RequestPlan } from "../routing/index.ts";
import { type ApiDialect, ProxyError } from "../shared/index.ts";
import type { Untranslatable } from "../translate/index.ts";
import type {
  AttemptReport,
  Candidate,
  CandidateSource,
  CandidateTranslation,
  Target,
} from "../upstream/index.ts";
import { type CandidateRequest, type RequestSource, requestFor } from "./candidate-request.ts";
import type { ClientBody } from "./request-body.ts";
import type { RequestTarget } from "./request-target.ts";
import { upstreamModelOf } from "./upstream-model.ts";

export type CandidateInput = {
  plan: RequestPlan;
  targets: Map<string, Target>;
  /** Credential pools by provider name (providers with `keys` or `auth`). */
  credentials: Map<string, CredentialPool>;
  requestTarget: RequestTarget;
  body: ClientBody;
  model: string | undefined;
  /** The client's request dialect, when its path has one that may be translated. */
  inbound: ApiDialect | undefined;
  /** The body exactly as the client sent it (a translation starts from it). */
  clientBody: ClientBody;
};

export function createCandidateSource(input: CandidateInput): CandidateSource {
  return new Source(input);
}

// --- internal ---

/** A class, not closures: every request makes one. */
class Source implements CandidateSource {
  private readonly request: RequestSource;
  /** Credentials already tried in this request, by provider (providers with a pool only). */
  private tried: Map<string, Set<string>> | undefined;
  /** A provider whose credential was just refused: offered again with its next credential. */
  private again: ProviderState | undefined;
  /** Each provider's request (pass-through, translated or refused), made once per request. */
  private readonly requests = new Map<string, CandidateRequest>();
  private readonly refusals: Untranslatable[] = [];
  private offered = 0;

  constructor(private readonly input: CandidateInput) {
    this.request = {
      inbound: input.inbound,
      pathname: input.requestTarget.pathname,
      body: input.body,
      clientBody: input.clientBody,
    };
  }

  async next(signal: AbortSignal): Promise<Candidate | undefined> {
    const { plan } = this.input;
    if (this.again) {
      const provider = this.again;
      this.again = undefined;
      const lease = await plan.again(provider, signal);
      const candidate = lease && (await this.offer(lease));
      if (candidate) return candidate;
    }
    for (;;) {
      const lease = await plan.next(signal);
      if (!lease) return undefined;
      const candidate = await this.offer(lease);
      if (candidate) return candidate;
    }
  }

  exhausted(): ProxyError {
    const [refusal] = this.refusals;
    // 400 only when no candidate could take the request at all
    if (this.offered === 0 && refusal) {
      return new ProxyError("untranslatable_field", refusal.message, { param: refusal.param });
    }
    return this.input.plan.exhausted();
  }

  private requestOf(lease: Lease): CandidateRequest {
    const { config } = lease.provider;
    let request = this.requests.get(config.name);
    if (!request) {
      const speaks = (this.input.targets.get(config.name) as Target).dialects;
      request = requestFor(config, speaks, this.request, upstreamModelOf(config, this.input.model));
      this.requests.set(config.name, request);
    }
    return request;
  }

  private async offer(lease: Lease): Promise<Candidate | undefined> {
    const name = lease.provider.name;
    const request = this.requestOf(lease);
    if (!request.ok) {
      // a candidate that cannot take the request is skipped, not failed
      this.refusals.push(request.refusal);
      lease.finish(undefined);
      return undefined;
    }
    this.offered++;
    const pool = this.input.credentials.get(name);
    if (!pool || request.localAnswer) return toCandidate(lease, request, this.input, undefined);
    this.tried ??= new Map();
    const used = this.tried.get(name) ?? new Set<string>();
    this.tried.set(name, used);
    let credential: CredentialLease | undefined;
    try {
      credential = await pool.acquire(used, { panic: lease.panic });
    } catch (error: unknown) {
      lease.finish({ kind: "failed", message: "could not obtain a credential" });
      throw error;
    }
    if (!credential) {
      // every credential is benched, cooling down or already tried for this request
      lease.finish(undefined);
      return undefined;
    }
    used.add(credential.name);
    const chosen = credential;
    return toCandidate(lease, request, this.input, {
      credential: chosen,
      finish: (report) => {
        const status = report?.status;
        const refused = status === 401 || status === 403 || status === 429;
        chosen.report(toCredentialOutcome(report));
        if (refused && pool.hasUsable()) {
          // the credential was refused or throttled, not the provider: no health penalty, and
          // the provider gets another go with its next credential
          lease.finish(undefined);
          this.again = lease.provider;
          return;
        }
        lease.finish(toOutcome(report));
      },
    });
  }
}

/** A candidate's credential, and how its attempt's end counts for the credential and lease. */
type Credentialed = {
  credential: CredentialLease;
  finish: (report: AttemptReport | undefined) => void;
};

/** How an attempt's report counts for the provider's health. */
function toOutcome(report: AttemptReport | undefined): Outcome | undefined {
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

function toCredentialOutcome(report: AttemptReport | undefined): CredentialOutcome | undefined {
  if (report === undefined) return undefined;
  if (report.status === 401 || report.status === 403) return { kind: "auth_failed" };
  if (report.status === 429) {
    return report.retryAfterMs === undefined
      ? { kind: "rate_limited" }
      : { kind: "rate_limited", retryAfterMs: report.retryAfterMs };
  }
  return report.status === undefined ? { kind: "ok" } : { kind: "ok", status: report.status };
}

function toCandidate(
  lease: Lease,
  request: Extract<CandidateRequest, { ok: true }>,
  input: CandidateInput,
  credentialed: Credentialed | undefined,
): Candidate {
  const provider = lease.provider.config;
  const upstreamModel = upstreamModelOf(provider, input.model);
  const target = input.targets.get(provider.name) as Target;
  if (request.localAnswer) {
    // answered here: the provider was not asked, so its health learns nothing
    return {
      target,
      call: { pathname: request.pathname, search: "", model: upstreamModel },
      body: null,
      localAnswer: request.localAnswer,
      finish: () => lease.finish(undefined),
    };
  }
  const candidate = new LeasedCandidate(
    target,
    { pathname: request.pathname, search: input.requestTarget.search, model: upstreamModel },
    request.body,
    lease,
    credentialed?.finish,
  );
  if (request.translation) candidate.translation = request.translation;
  if (credentialed) {
    const { credential } = credentialed;
    candidate.applyCredential = (headers) => credential.apply(headers);
    candidate.retryOnAuthFailure = true;
  }
  return candidate;
}

/** A candidate from a lease: its finish counts once, for the lease or through its credential. */
class LeasedCandidate implements Candidate {
  readonly panic: boolean;
  translation?: CandidateTranslation;
  applyCredential?: (headers: Headers) => void;
  retryOnAuthFailure?: boolean;
  private finished = false;

  constructor(
    readonly target: Target,
    readonly call: UpstreamCall,
    readonly body: Uint8Array | null,
    private readonly lease: Lease,
    private readonly onFinish: ((report: AttemptReport | undefined) => void) | undefined,
  ) {
    this.panic = lease.panic;
  }

  finish(report: AttemptReport | undefined): void {
    if (this.finished) return;
    this.finished = true;
    if (this.onFinish) this.onFinish(report);
    else this.lease.finish(toOutcome(report));
  }
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
