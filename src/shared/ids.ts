// Request ids: keep a well-formed inbound one, otherwise mint a short random one. Random ids
// (sessions, traces) draw on a pool of the system's crypto randomness, refilled 4 KB at a time.

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidRequestId(value: string | null): value is string {
  return value !== null && requestIdPattern.test(value);
}

export function newRequestId(): string {
  return `req_${Bun.randomUUIDv7("base64url")}`;
}

/** `bytes` random bytes (at most 64) as base64url: 4 characters for every 3 bytes. */
export function randomBase64url(bytes: number): string {
  if (poolOffset + bytes > pool.byteLength) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += bytes;
  return pool.toString("base64url", start, poolOffset);
}

// --- internal ---

// one system call per 4 KB instead of one per id; every byte is handed out once
const pool = Buffer.allocUnsafe(4096);
let poolOffset = pool.byteLength;
