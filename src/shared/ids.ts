// Request ids: keep a well-formed inbound one, otherwise mint a short random one.

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export function isValidRequestId(value: string | null): value is string {
  return value !== null && requestIdPattern.test(value);
}

export function newRequestId(): string {
  return `req_${Bun.randomUUIDv7("base64url")}`;
}
