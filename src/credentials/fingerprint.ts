// A short one-way digest of a credential's secret material: equal while the secret is unchanged,
// so a reload can tell a credential it already knows from a new one without keeping the secret.

export function fingerprintOf(kind: string, ...parts: readonly unknown[]): string {
  const hash = new Bun.CryptoHasher("sha256");
  hash.update(kind);
  for (const part of parts)
    hash.update(`\0${typeof part === "string" ? part : JSON.stringify(part)}`);
  return `${kind}:${hash.digest("base64url").slice(0, 22)}`;
}
