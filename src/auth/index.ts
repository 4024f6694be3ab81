// Auth: client tokens (format, hashing, checks, limits) and project/token administration.

export { type Authenticator, type Caller, createAuthenticator } from "./authenticator.ts";
export {
  type CreatedToken,
  createManagement,
  type Management,
  type TokenOptions,
} from "./management.ts";
export {
  generateClientToken,
  hashClientToken,
  looksLikeClientToken,
  tokenPrefix,
} from "./token-secret.ts";
export { type ProjectView, type TokenView, toProjectView, toTokenView } from "./views.ts";
