// Dialect translation between openai-chat, openai-responses and anthropic-messages: requests,
// JSON answers, SSE streams and errors, as pure functions (DESIGN.md "Dialects and translation").

export { canTranslate, translateRequest } from "./translate-request.ts";
export type {
  ApiDialect,
  RequestTranslation,
  TranslatedRequest,
  TranslateOptions,
  Untranslatable,
} from "./types.ts";
