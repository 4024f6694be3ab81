// Session detection: which conversation a chat request belongs to, from its message history.

export {
  createSessionDetector,
  type SessionDetector,
  type SessionOptions,
} from "./session-detector.ts";
