// Raw HTTP/1.1 over a socket: sends bytes exactly as written (targets, duplicate headers,
// invalid UTF-8) and reads the answer whole, which fetch() would normalise or refuse to send.

export type RawAnswer = {
  /** 0 when the server closed the connection without an answer. */
  status: number;
  headers: Record<string, string>;
  body: string;
};

export type RawRequestOptions = {
  /** Stop waiting after this long (the socket is closed); the answer so far is returned. */
  timeoutMs?: number;
};

/** Sends `head` (request line and headers, without the blank line) and `body`, then reads. */
export function rawExchange(
  port: number,
  head: string,
  body: Uint8Array | string = "",
  options: RawRequestOptions = {},
): Promise<RawAnswer> {
  const chunks: Buffer[] = [];
  return new Promise<RawAnswer>((resolve, reject) => {
    let timer: Timer | undefined;
    const done = () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks)));
    };
    Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open: (socket) => {
          socket.write(`${head}\r\n\r\n`);
          if (body.length > 0) socket.write(body);
          timer = setTimeout(() => socket.end(), options.timeoutMs ?? 5_000);
        },
        data: (_socket, data) => {
          chunks.push(Buffer.from(data));
        },
        close: done,
        error: done,
      },
    }).catch(reject);
  });
}

/** A GET of `target` exactly as written, on a connection that closes after the answer. */
export function rawGet(port: number, target: string): Promise<RawAnswer> {
  return rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close`);
}

// --- internal ---

function parseAnswer(bytes: Buffer): RawAnswer {
  const text = bytes.toString("latin1");
  const headEnd = text.indexOf("\r\n\r\n");
  if (!text.startsWith("HTTP/1.1 ") || headEnd === -1) return { status: 0, headers: {}, body: "" };
  const [statusLine = "", ...lines] = text.slice(0, headEnd).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const raw = bytes.subarray(headEnd + 4);
  const body = headers["transfer-encoding"] === "chunked" ? dechunk(raw) : raw;
  return { status: Number(statusLine.split(" ")[1]), headers, body: body.toString("utf8") };
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const lineEnd = raw.indexOf("\r\n", offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
