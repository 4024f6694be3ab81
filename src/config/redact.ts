// Produces a copy of the effective config that is safe to show: every secret replaced.

import { isSecretName, redacted, redactQuery } from "../shared/index.ts";
import type { Config } from "./schema.ts";

export function redactConfig<T>(value: T): T {
  return redactValue(value, "") as T;
}

/** Removes userinfo and secret-looking query parameters from a URL string. */
export function redactUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    if (url.username || url.password) {
      url.username = url.username ? redacted : "";
      url.password = "";
    }
    return redactQuery(url.toString());
  } catch {
    return text;
  }
}

/** A URL for messages: its password removed, the user name kept (postgres://app@db/llmp). */
export function withoutPassword(text: string): string {
  try {
    const url = new URL(text);
    url.password = "";
    return url.toString();
  } catch {
    return redactUrl(text);
  }
}

/**
 * Whether a configured header's value may be shown: a short list of names that carry ids and
 * versions, never credentials. Any other header may hold one (`X-Upstream-Auth: sk-...`).
 */
function isSafeHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return safeHeaderNames.has(lower) || (/(^|-)version$/.test(lower) && !isSecretName(lower));
}

/** Every secret value the config holds (8 characters or more), for scrubbing output by value. */
export function configuredSecrets(config: Config): string[] {
  const secrets = [config.auth.admin_key];
  for (const provider of config.providers) {
    secrets.push(provider.api_key ?? "", ...(provider.keys ?? []));
    for (const [name, value] of Object.entries(provider.headers)) {
      if (!isSafeHeaderName(name)) secrets.push(value);
    }
    const auth = provider.auth;
    if (auth?.type === "jwt") secrets.push(auth.secret ?? "");
    if (auth?.type === "oauth2") secrets.push(auth.client_secret);
    if (auth?.type === "flow") {
      for (const credential of auth.credentials ?? []) secrets.push(credential.clientSecret);
    }
  }
  for (const url of [config.cache.url, config.storage.url, config.shared?.redis.url]) {
    if (url) secrets.push(urlPassword(url));
  }
  return secrets.filter((secret) => secret.length >= 8);
}

// --- internal ---

const safeHeaderNames = new Set([
  "openai-organization",
  "openai-project",
  "openai-beta",
  "anthropic-beta",
]);

function urlPassword(text: string): string {
  try {
    return decodeURIComponent(new URL(text).password);
  } catch {
    return "";
  }
}

function redactValue(value: unknown, key: string): unknown {
  if (typeof value === "string") {
    if (isSecretName(key)) return value === "" ? "" : redacted;
    return redactUrl(value);
  }
  if (Array.isArray(value)) {
    return isSecretName(key) ? value.map(() => redacted) : value.map((v) => redactValue(v, ""));
  }
  if (value !== null && typeof value === "object") {
    if (key === "headers") return redactHeaderValues(value);
    const out: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value))
      out[childKey] = redactValue(child, childKey);
    return out;
  }
  return value;
}

/** A provider's `headers:` map: every value redacted unless its name is known to be safe. */
function redactHeaderValues(headers: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    const safe = isSafeHeaderName(name) && typeof value === "string";
    out[name] = safe ? redactUrl(value) : value === "" ? "" : redacted;
  }
  return out;
}
