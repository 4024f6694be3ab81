// data: URLs (RFC 2397) as OpenAI carries inline files, and Anthropic's base64 sources.

export function parseDataUrl(url: string): InlineData | undefined {
  const match = dataUrlPattern.exec(url);
  if (!match) return undefined;
  return { mediaType: match[1] ?? "application/octet-stream", base64: match[3] ?? "" };
}

export function toDataUrl(mediaType: string, base64: string): string {
  return `data:${mediaType};base64,${base64}`;
}

/** undefined when the data is not base64. */
export function decodeBase64Text(base64: string): string | undefined {
  try {
    return decoder.decode(Uint8Array.fromBase64(base64));
  } catch {
    return undefined;
  }
}

// --- internal ---

type InlineData = { mediaType: string; base64: string };

const decoder = new TextDecoder();

const dataUrlPattern = /^data:([^;,]+)?((?:;[^;,]+)*?);base64,(.*)$/s;
