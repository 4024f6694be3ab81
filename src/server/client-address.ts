// The address a request came from: the socket's peer, or, when that peer is a proxy named in
// server.trusted_proxies, the last x-forwarded-for hop that is not one of them.

/** Bun's Server has this; tests that call the app directly pass none. */
export type PeerLookup = { requestIP(request: Request): { address: string } | null };

export type AddressResolver = (request: Request, peer: PeerLookup | undefined) => string;

export function createAddressResolver(trustedProxies: readonly string[]): AddressResolver {
  const trusted = trustedProxies.map(toMatcher);
  const isTrusted = (address: string) => trusted.some((matches) => matches(address));
  return (request, peer) => {
    const socket = normalise(peer?.requestIP(request)?.address ?? "unknown");
    if (trusted.length === 0 || !isTrusted(socket)) return socket;
    const hops = (request.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => normalise(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (hop !== "" && !isTrusted(hop)) return hop;
    }
    return socket;
  };
}

// --- internal ---

/** ::ffff:10.0.0.1 is 10.0.0.1. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

/** An exact address, or an IPv4 CIDR block such as 10.0.0.0/8. */
function toMatcher(entry: string): (address: string) => boolean {
  const [base, bits] = entry.split("/");
  if (bits === undefined) return (address) => address === normalise(entry);
  const prefix = Number(bits);
  const network = ipv4ToNumber(base ?? "");
  if (network === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    return () => false;
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (address) => {
    const value = ipv4ToNumber(address);
    return value !== undefined && (value & mask) >>> 0 === (network & mask) >>> 0;
  };
}

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const byte = Number(part);
    if (part === "" || !Number.isInteger(byte) || byte < 0 || byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}
