// The Mach-O ad-hoc signature check of scripts/check-release.ts, on a small synthetic binary.

import { expect, test } from "bun:test";
import { checkMachOSignature } from "../../../scripts/build/macho-signature.ts";

const pageBytes = 4096;
const codeBytes = 2 * pageBytes + 100; // the last page is partial: hashed only up to codeLimit

test("accepts a signature whose page hashes cover everything before it", () => {
  expect(checkMachOSignature(signedMachO())).toEqual({ valid: true, pages: 3 });
});

test("reports a page changed after signing", () => {
  const binary = signedMachO();
  binary[pageBytes + 10] = 0xff;
  expect(checkMachOSignature(binary)).toEqual({ valid: false, why: "1 of 3 page hashes differ" });
});

test("reports code appended past the signed range (what Bun's darwin-x64 cross build does)", () => {
  const binary = signedMachO({ codeLimit: pageBytes });
  expect(checkMachOSignature(binary)).toMatchObject({
    valid: false,
    why: expect.stringContaining("not covered"),
  });
});

test("reports a binary without a signature", () => {
  const binary = signedMachO();
  new DataView(binary.buffer).setUint32(32, 0x19, true); // LC_SEGMENT_64 instead
  expect(checkMachOSignature(binary).valid).toBe(false);
});

// --- internal ---

/** Header, one LC_CODE_SIGNATURE, code up to `codeBytes`, then a SuperBlob with one CodeDirectory. */
function signedMachO(options: { codeLimit?: number } = {}): Uint8Array {
  const codeLimit = options.codeLimit ?? codeBytes;
  const slots = Math.ceil(codeLimit / pageBytes);
  const directoryBytes = 44 + slots * 32;
  const binary = new Uint8Array(codeBytes + 20 + directoryBytes);
  for (let i = 64; i < codeBytes; i++) binary[i] = i % 251;
  const view = new DataView(binary.buffer);
  view.setUint32(0, 0xfeedfacf, true);
  view.setUint32(16, 1, true); // ncmds
  view.setUint32(32, 0x1d, true); // LC_CODE_SIGNATURE
  view.setUint32(36, 16, true);
  view.setUint32(40, codeBytes, true); // dataoff
  view.setUint32(44, 20 + directoryBytes, true);
  view.setUint32(codeBytes, 0xfade0cc0, false);
  view.setUint32(codeBytes + 8, 1, false); // one blob: slot 0 at offset 20
  view.setUint32(codeBytes + 16, 20, false);
  const directory = codeBytes + 20;
  view.setUint32(directory, 0xfade0c02, false);
  view.setUint32(directory + 16, 44, false); // hashOffset
  view.setUint32(directory + 28, slots, false);
  view.setUint32(directory + 32, codeLimit, false);
  binary.set([32, 2, 0, 12], directory + 36); // hashSize, SHA-256, platform, log2(4096)
  for (let slot = 0; slot < slots; slot++) {
    const page = binary.subarray(slot * pageBytes, Math.min((slot + 1) * pageBytes, codeLimit));
    binary.set(new Bun.CryptoHasher("sha256").update(page).digest(), directory + 44 + slot * 32);
  }
  return binary;
}
