// Keeps secrets out of everything the proxy writes: auth headers, secret-looking query
// parameters (in paths, URLs and free text such as error messages), client tokens and bearer
// credentials by shape, and the configured secrets by value as a last line of defence.

import { indexOfBytes } from "./bytes.ts";

export const redacted = "[redacted]";

/** Every client token starts with this (DESIGN.md: sk-llmp- + 43 base64url characters). */
export const clientTokenPrefix = "sk-llmp-";

const secretHeaderNames: readonly string[] = [
  "authorization",
  "x-api-key",
  "api-key",
  "cookie",
  "set-cookie",
  "proxy-authorization",
];

const secretNamePattern = /key|secret|token|password|authorization|cookie|credential/i;

/** Whether a config key or query parameter with this name holds a secret. */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return secretNamePattern.test(lower) || lower === "sig" || lower === "signature";
}

export function redactHeaders(
  headers: Headers | Record<string, string>,
  extra: readonly string[] = [],
): Record<string, string> {
  return createHeaderRedactor(extra)(headers);
}

/** redactHeaders with the set of names built once, for a caller that redacts many requests. */
export function createHeaderRedactor(
  extra: readonly string[] = [],
): (headers: Headers | Record<string, string>) => Record<string, string> {
  const secret = new Set([...secretHeaderNames, ...extra.map((name) => name.toLowerCase())]);
  return (headers) => redactHeaderValues(headers, secret);
}

function redactHeaderValues(
  headers: Headers | Record<string, string>,
  secret: ReadonlySet<string>,
): Record<string, string> {
  if (headers instanceof Headers) {
    // one native call for every header (names in lower case) instead of iterating them in JS;
    // Bun gives set-cookie as a list, and it is redacted like every secret one
    const result = headers.toJSON() as Record<string, string>;
    for (const name of secret) if (Object.hasOwn(result, name)) result[name] = redacted;
    return result;
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] = secret.has(name.toLowerCase()) ? redacted : value;
  }
  return result;
}

export function redactQuery(pathOrUrl: string): string {
  const queryStart = pathOrUrl.indexOf("?");
  if (queryStart === -1) return pathOrUrl;
  const hashStart = pathOrUrl.indexOf("#", queryStart);
  const queryEnd = hashStart === -1 ? pathOrUrl.length : hashStart;
  const query = pathOrUrl
    .slice(queryStart + 1, queryEnd)
    .split("&")
    .map(redactParam)
    .join("&");
  return `${pathOrUrl.slice(0, queryStart + 1)}${query}${pathOrUrl.slice(queryEnd)}`;
}

/** Secrets shorter than this are not scrubbed by value: they would match ordinary text. */
export const minSecretChars = 8;

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return scrubSorted(text, scrubbable(secrets));
}

/**
 * scrubSecrets for UTF-8 bytes: the bytes as they are when no secret is in them (looked for
 * without decoding), else the scrubbed text.
 */
export function scrubSecretsInBytes(
  bytes: Uint8Array,
  needles: SecretNeedles,
): Uint8Array | string {
  if (!needles.bytes.some((needle) => indexOfBytes(bytes, needle) !== -1)) return bytes;
  return scrubSorted(utf8.decode(bytes), needles.texts);
}

/**
 * Secrets prepared for scrubbing bytes: those long enough to look for, longest first, each with
 * its UTF-8 bytes (Buffer's search for a string encodes it on every call, about 1 µs each).
 */
export type SecretNeedles = {
  readonly texts: readonly string[];
  readonly bytes: readonly Buffer[];
};

export function createSecretNeedles(secrets: readonly string[]): SecretNeedles {
  const texts = scrubbable(secrets);
  return { texts, bytes: texts.map((secret) => Buffer.from(secret)) };
}

/** `needles` and `more` secrets together; `needles` itself when there are none to add. */
export function withSecrets(needles: SecretNeedles, more: readonly string[]): SecretNeedles {
  const added = more.filter((secret) => secret.length >= minSecretChars);
  if (added.length === 0) return needles;
  const entries = needles.texts.map((text, index) => ({
    text,
    bytes: needles.bytes[index] as Buffer,
  }));
  for (const text of added) entries.push({ text, bytes: Buffer.from(text) });
  entries.sort((a, b) => b.text.length - a.text.length);
  return { texts: entries.map((entry) => entry.text), bytes: entries.map((entry) => entry.bytes) };
}

/** Redacts secret query parameters, client tokens and bearer credentials found in free text. */
export function redactText(text: string): string {
  let result = text;
  if (result.includes("?")) result = result.replace(queryInText, (query) => redactQuery(query));
  if (result.includes(clientTokenPrefix)) result = result.replace(clientTokenShape, redacted);
  if (bearerHint.test(result)) result = result.replace(bearerCredential, `$1${redacted}`);
  return result;
}

export type Redactor = (text: string) => string;

/** redactText plus every given secret scrubbed by value. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const known = scrubbable(secrets);
  return (text) => scrubSorted(redactText(text), known);
}

// --- internal ---

/** The secrets long enough to look for, longest first: one that contains another goes whole. */
function scrubbable(secrets: readonly string[]): string[] {
  return secrets
    .filter((secret) => secret.length >= minSecretChars)
    .sort((a, b) => b.length - a.length);
}

function scrubSorted(text: string, sorted: readonly string[]): string {
  let result = text;
  for (const secret of sorted) {
    if (result.includes(secret)) result = result.split(secret).join(redacted);
  }
  return result;
}

const utf8 = new TextDecoder();
const queryInText = /\?[^\s"'<>`]+/g;
const clientTokenShape = /sk-llmp-[A-Za-z0-9_-]{8,}/g;
const bearerHint = /bearer\s/i;
// a placeholder such as "Bearer <token>" in our own hints is not a credential
const bearerCredential = /(bearer\s+)(?!\[redacted\]|<)[^\s"',;]+/gi;

function redactParam(param: string): string {
  const equals = param.indexOf("=");
  if (equals === -1 || equals === param.length - 1) return param;
  const name = param.slice(0, equals);
  return isSecretName(decodeParamName(name)) ? `${name}=${redacted}` : param;
}

/** A query parameter's name as it means: form-decoded, lower case (a bad escape kept as is). */
export function decodeParamName(name: string): string {
  // application/x-www-form-urlencoded: "+" is a space; a malformed escape is kept as written
  const plain = name.replaceAll("+", " ");
  try {
    return decodeURIComponent(plain).toLowerCase();
  } catch {
    return plain.toLowerCase();
  }
}
