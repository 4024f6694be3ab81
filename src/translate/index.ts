// Dialect translation between openai-chat, openai-responses and anthropic-messages: requests,
// JSON answers, SSE streams and errors, as pure functions (DESIGN.md "Dialects and translation").

export { countTokensEstimate } from "./count-tokens-estimate.ts";
export { translateErrorBody } from "./translate-error.ts";
export { canTranslate, translateRequest } from "./translate-request.ts";
export { translateResponseBody } from "./translate-response.ts";
export { createStreamTranslator } from "./translate-stream.ts";
export type {
  ApiDialect,
  RequestTranslation,
  StreamTranslator,
  TranslatedRequest,
  TranslateOptions,
  Untranslatable,
  WallClock,
} from "./types.ts";
