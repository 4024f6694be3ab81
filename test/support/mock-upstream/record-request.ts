// Turns an incoming Request into a RecordedRequest and marks it aborted if the client goes away.

import type { RecordedRequest } from "./types.ts";

/** `onAbort` runs after `aborted` has been set. */
export async function toRecordedRequest(
  req: Request,
  onAbort: () => void,
): Promise<RecordedRequest> {
  const { path, query } = splitUrl(req.url);
  const recorded: RecordedRequest = {
    method: req.method,
    path,
    query,
    headers: req.headers.toJSON(),
    body: "",
    json: undefined,
    receivedAt: performance.now(),
    aborted: false,
  };
  // Bun fires req.signal only for a disconnect before the response has been fully sent
  const markAborted = (): void => {
    recorded.aborted = true;
    onAbort();
  };
  req.signal.addEventListener("abort", markAborted, { once: true });
  recorded.body = await readBody(req);
  recorded.json = parseJson(recorded.body);
  return recorded;
}

/** Path and search of an absolute URL, without allocating a URL object. */
export function splitUrl(url: string): { path: string; query: string } {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  if (pathStart === -1) return { path: "/", query: "" };
  const queryStart = url.indexOf("?", pathStart);
  if (queryStart === -1) return { path: url.slice(pathStart), query: "" };
  return { path: url.slice(pathStart, queryStart), query: url.slice(queryStart) };
}

// --- internal ---

async function readBody(req: Request): Promise<string> {
  try {
    return await req.text();
  } catch {
    // the client went away mid-upload; `aborted` tells the story
    return "";
  }
}

function parseJson(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
