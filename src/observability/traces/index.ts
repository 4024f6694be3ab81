// Request/response tracing: redaction, body clipping, stream reassembly and the trace writer.

export { type ClippedBody, clipBody, clipBytes } from "./clip-body.ts";
export { traceFileName } from "./jsonl-sink.ts";

export { reassembleStreamText } from "./stream-text.ts";
export { withStreamText } from "./stream-text-reader.ts";
export {
  createTraceWriter,
  type TraceSinks,
  type TraceWriter,
  type TraceWriterOptions,
} from "./trace-writer.ts";
