// Talks to /admin/* with the admin key from sessionStorage as a Bearer header (no cookies), and
// turns every failure into an ApiError whose message says what happened.

import { ApiError } from "./api-error.ts";

export { ApiError, toApiError } from "./api-error.ts";

const keyName = "llm-proxy.admin-key";

export function storedKey(): string | null {
  return sessionStorage.getItem(keyName);
}

export function saveKey(key: string): void {
  sessionStorage.setItem(keyName, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(keyName);
}

const unauthorizedListeners = new Set<() => void>();

/** Called when the proxy refuses the stored key (it changed, or the proxy restarted). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  key = storedKey(),
): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${key ?? ""}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, `Could not reach the proxy at ${location.origin}. Is it still running?`);
  }
  const text = await response.text();
  const data: unknown = text ? parseJson(text) : null;
  if (!response.ok) {
    if (response.status === 401) for (const listener of unauthorizedListeners) listener();
    throw new ApiError(
      response.status,
      messageOf(data) ?? `${response.status} ${response.statusText}`,
      data,
    );
  }
  // the admin API is this proxy's own: its answers have the shapes in types.ts
  return data as T;
}

// --- internal ---

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(data: unknown): string | undefined {
  if (typeof data === "string") return data.slice(0, 300);
  if (typeof data !== "object" || data === null || !("error" in data)) return undefined;
  const error = data.error;
  if (typeof error === "object" && error !== null && "message" in error) {
    return typeof error.message === "string" ? error.message : undefined;
  }
  return undefined;
}
