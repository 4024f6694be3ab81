// The shapes forwarding hands up and takes: the candidate source, the options, the answer.

import type { Dialect, ProxyError } from "../shared/index.ts";
import type { Candidate, CandidateTranslation, Target } from "./attempt.ts";
import type { AttemptRecord } from "./forward-outcome.ts";
import type { ChunkSink, StreamEnd, StreamTransform } from "./stream-guard.ts";
import type { ThrottledAnswer } from "./throttled-answer.ts";

/** Hands out candidates one at a time (it may wait for a free slot); each is tried once. */
export type CandidateSource = {
  next(signal: AbortSignal): Promise<Candidate | undefined>;
  /** The error to answer with when no candidate could be tried at all. */
  exhausted(): ProxyError;
};

export type Forwarded = {
  target: Target;
  attempts: AttemptRecord[];
  status: number;
  headers: Headers;
  /** A live body (SSE, or a large or unsized one) or the bytes read whole (small or errors). */
  body: ReadableStream<Uint8Array> | Uint8Array;
  streaming: boolean;
  /** The answer is text/event-stream. */
  eventStream: boolean;
  /** Upstream time of the answering attempt: headers for streams, whole body otherwise. */
  upstreamMs: number;
  /** Time spent waiting on upstreams across all attempts, for the proxy-overhead figure. */
  waitedMs: number;
  /** Time to the answering upstream's response headers. */
  firstByteMs: number;
  /** The model sent upstream (after model_map), when the request named one. */
  servedModel: string | undefined;
  /** The answering provider was picked by the panic pass (every candidate was out). */
  panic: boolean;
  /** Set when the answer was translated from another dialect. */
  translation: CandidateTranslation | undefined;
  /** The path the upstream was asked; its dialect is the one the usage is read in. */
  upstreamPath: string;
  /** Resolves once, when the body is over, however it ended. */
  ended: Promise<StreamEnd>;
  /** Tells the answering provider and credential how it went; called once, from the settle. */
  finishAttempt(end: StreamEnd): void;
};

export type ForwardOptions = {
  dialect: Dialect;
  maxAttempts: number;
  /** Sees each attempt start and picks what sees a streamed answer's chunks. */
  watch?: ForwardWatch | undefined;
  /** Rewrites a streamed answer on its way to the client (after the upstream tap sees it). */
  streamTransform?: StreamTransform | undefined;
  /** Scrubs secrets from error bodies and error events before the client sees them. */
  redact: (text: string) => string;
  /**
   * Whether anything needs the answer's bytes (usage, a trace, the cache). When nothing does, a
   * small JSON answer goes to the client straight from the upstream, never through JS.
   */
  keepBody: boolean;
};

/** An object, not two callbacks: the request's report is one already, made once per request. */
export type ForwardWatch = {
  /** An attempt starts: the provider's name and the attempt number (1-based). */
  attempt(provider: string, attempt: number): void;
  /**
   * Chosen once a streamed answer's headers are in: what sees each of its chunks as they pass,
   * the upstream's (usage) and the client's (traces, the cache). Must be cheap.
   */
  tapFor(answer: AnswerStart): StreamTaps | undefined;
};

/** A streamed answer as its headers arrive. */
export type AnswerStart = {
  provider: string;
  status: number;
  eventStream: boolean;
  /** The path the upstream was asked (another dialect's when the request was translated). */
  upstreamPath: string;
};

/** What sees a streamed answer's chunks: as the upstream sent them, and as the client gets them. */
export type StreamTaps = {
  upstream?: ChunkSink | undefined;
  client?: ChunkSink | undefined;
};

/** What one answer needs from the round of attempts it ends. */
export type Round = {
  attempts: AttemptRecord[];
  /** The 429 to answer with when every candidate was throttled (throttled-answer.ts). */
  throttled: ThrottledAnswer | undefined;
  waitedMs: number;
};
