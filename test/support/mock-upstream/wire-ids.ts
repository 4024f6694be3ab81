// Unique-enough response ids for mock wire objects ("chatcmpl-mock1a", "msg_mock1b").

let issued = 0;

export function nextWireId(prefix: string): string {
  issued++;
  return `${prefix}${issued.toString(36)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
