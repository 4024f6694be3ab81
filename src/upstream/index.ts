// Upstream forwarding: attempts with timeouts, fallback before the first byte, guarded streams.

export type {
  AttemptDeps,
  AttemptInput,
  Candidate,
  CandidateTranslation,
  Target,
} from "./attempt.ts";
export {
  type ConnectProbe,
  createReachabilityMemory,
  type ReachabilityMemory,
  tcpConnectProbe,
} from "./connect-probe.ts";
export {
  type AttemptRecord,
  type AttemptReport,
  type CandidateSource,
  type Forwarded,
  type ForwardOptions,
  forwardWithFallback,
} from "./forward.ts";
export type { AnswerStart, ForwardWatch, StreamTaps } from "./forward-types.ts";
export { createShutdownSwitch, type ShutdownSwitch } from "./shutdown-switch.ts";
export type { ChunkSink, StreamEnd, StreamTransform } from "./stream-guard.ts";
