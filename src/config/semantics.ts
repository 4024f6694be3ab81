// Cross-field config rules the schema alone cannot express; also normalises provider base URLs.

import type { ConfigProblem } from "./config-error.ts";
import { closestMatch } from "./describe-issues.ts";
import type { Config } from "./schema.ts";

export function checkSemantics(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  config.providers.forEach((provider, index) => {
    const path = `providers[${index}]`;
    const first = seen.get(provider.name);
    if (first !== undefined) {
      problems.push({
        path: `${path}.name`,
        message: `duplicate provider name "${provider.name}" (also providers[${first}])`,
      });
    }
    seen.set(provider.name, index);
    if (provider.type !== "mock" && !provider.base_url) {
      problems.push({ path: `${path}.base_url`, message: `required for type ${provider.type}` });
    }
    const credentialKinds = [
      provider.api_key ? "api_key" : "",
      provider.keys ? "keys" : "",
      provider.auth ? "auth" : "",
    ].filter(Boolean);
    if (credentialKinds.length > 1) {
      problems.push({
        path,
        message: `use one of api_key, keys or auth, not ${credentialKinds.join(" and ")}`,
      });
    }
    const auth = provider.auth;
    if (auth?.type === "flow" && !auth.secrets_file === !auth.credentials) {
      problems.push({
        path: `${path}.auth`,
        message: "flow needs exactly one of secrets_file or credentials",
      });
    }
    if (auth?.type === "jwt") {
      const symmetric = auth.algorithm.startsWith("HS");
      if (symmetric && !auth.secret) {
        problems.push({ path: `${path}.auth.secret`, message: `required for ${auth.algorithm}` });
      }
      if (!symmetric && !auth.private_key_file) {
        problems.push({
          path: `${path}.auth.private_key_file`,
          message: `required for ${auth.algorithm} (a PEM PKCS#8 private key)`,
        });
      }
    }
    if (provider.base_url?.includes("?")) {
      problems.push({ path: `${path}.base_url`, message: "must not contain a query string" });
    } else if (provider.base_url) {
      provider.base_url = normaliseBaseUrl(provider.base_url, provider.type);
    }
  });
  problems.push(...checkRoutes(config, [...seen.keys()]));
  problems.push(...checkPricing(config, [...seen.keys()]));
  const adminKeyProblem = checkAdminKey(config.auth.admin_key);
  if (adminKeyProblem) problems.push({ path: "auth.admin_key", message: adminKeyProblem });
  if (config.cache.backend === "redis" && !config.cache.url) {
    problems.push({ path: "cache.url", message: "required for backend redis (redis://host:6379)" });
  }
  if (config.cache.url && !/^rediss?:\/\//.test(config.cache.url)) {
    problems.push({ path: "cache.url", message: "expected a redis:// or rediss:// URL" });
  }
  if (config.storage.url && config.cache.enabled && config.cache.backend === "sqlite") {
    problems.push({
      path: "cache.backend",
      message:
        "sqlite cannot be shared by instances on storage.url (Postgres): use memory or redis",
    });
  }
  return problems;
}

// --- internal ---

/** Guessable admin keys are refused; the shortest is also the shortest the log scrubber hides. */
const minAdminKeyLength = 16;

function checkAdminKey(key: string): string | undefined {
  if (key === "") return undefined;
  if (key.trim() !== key || key.trim().length < minAdminKeyLength) {
    return `must be at least ${minAdminKeyLength} characters without surrounding spaces (got ${key.trim().length}); make one with: openssl rand -base64 24`;
  }
  return undefined;
}

function checkRoutes(config: Config, providerNames: string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  config.routes.forEach((route, index) => {
    const listed = new Set<string>();
    route.providers.forEach((name, position) => {
      const path = `routes[${index}].providers[${position}]`;
      if (listed.has(name)) problems.push({ path, message: `"${name}" is listed twice` });
      listed.add(name);
      if (providerNames.includes(name)) return;
      const suggestion = closestMatch(name, providerNames);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
      problems.push({
        path,
        message: `unknown provider "${name}"${hint}; providers: ${providerNames.join(", ")}`,
      });
    });
  });
  return problems;
}

/** A `pricing:` entry for a provider that does not exist would silently never apply. */
function checkPricing(config: Config, providerNames: string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  config.pricing.forEach((entry, index) => {
    if (entry.provider === undefined || providerNames.includes(entry.provider)) return;
    const suggestion = closestMatch(entry.provider, providerNames);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
    problems.push({
      path: `pricing[${index}].provider`,
      message: `unknown provider "${entry.provider}"${hint}; providers: ${providerNames.join(", ")}`,
    });
  });
  return problems;
}

/**
 * DESIGN.md: every base_url ends in its API version. A bare origin (seed 001 style,
 * `https://api.openai.com`) gets `/v1`; Azure's resource origin gets `/openai`.
 */
function normaliseBaseUrl(baseUrl: string, kind: Config["providers"][number]["type"]): string {
  const url = new URL(baseUrl);
  let path = url.pathname.replace(/\/+$/, "");
  if (path === "") path = kind === "azure" ? "/openai" : "/v1";
  return `${url.origin}${path}`;
}
