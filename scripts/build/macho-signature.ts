// Checks a Mach-O's embedded ad-hoc code signature the way macOS checks pages, without macOS: the
// CodeDirectory must cover every byte before the signature, and each page's SHA-256 match its slot.

type SignatureCheck = { valid: true; pages: number } | { valid: false; why: string };

const lcCodeSignature = 0x1d;
const superBlobMagic = 0xfade0cc0;
const codeDirectoryMagic = 0xfade0c02;
const sha256HashType = 2;

export function checkMachOSignature(bytes: Uint8Array): SignatureCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = findCodeSignature(view);
  if (!signature) return { valid: false, why: "not signed (no LC_CODE_SIGNATURE)" };
  const directory = findCodeDirectory(view, signature.offset);
  if (directory === undefined) return { valid: false, why: "no CodeDirectory in the signature" };
  const at = (field: number) => view.getUint32(directory + field, false);
  const codeSlots = at(28);
  const codeLimit = at(32);
  const hashOffset = directory + at(16);
  const hashSize = view.getUint8(directory + 36);
  const pageBytes = 2 ** view.getUint8(directory + 39);
  if (view.getUint8(directory + 37) !== sha256HashType || hashSize !== 32) {
    return { valid: false, why: "CodeDirectory does not use SHA-256" };
  }
  if (codeLimit !== signature.offset) {
    const unsigned = signature.offset - codeLimit;
    return { valid: false, why: `${unsigned} bytes before the signature are not covered by it` };
  }
  let badPages = 0;
  for (let slot = 0; slot < codeSlots; slot++) {
    const page = bytes.subarray(slot * pageBytes, Math.min((slot + 1) * pageBytes, codeLimit));
    const expected = bytes.subarray(
      hashOffset + slot * hashSize,
      hashOffset + (slot + 1) * hashSize,
    );
    const actual = new Bun.CryptoHasher("sha256").update(page).digest();
    if (!actual.equals(expected)) badPages++;
  }
  if (badPages > 0) return { valid: false, why: `${badPages} of ${codeSlots} page hashes differ` };
  return { valid: true, pages: codeSlots };
}

// --- internal ---

/** The signature's file offset from the load commands (64-bit: they start after 32 bytes). */
function findCodeSignature(view: DataView): { offset: number } | undefined {
  const commands = view.getUint32(16, true);
  let at = 32;
  for (let index = 0; index < commands && at + 16 <= view.byteLength; index++) {
    if (view.getUint32(at, true) === lcCodeSignature) {
      return { offset: view.getUint32(at + 8, true) };
    }
    at += view.getUint32(at + 4, true);
  }
  return undefined;
}

/** The primary CodeDirectory (slot 0) of the SuperBlob at `offset`; blobs are big-endian. */
function findCodeDirectory(view: DataView, offset: number): number | undefined {
  if (offset + 12 > view.byteLength || view.getUint32(offset, false) !== superBlobMagic) {
    return undefined;
  }
  const count = view.getUint32(offset + 8, false);
  for (let index = 0; index < count; index++) {
    const type = view.getUint32(offset + 12 + index * 8, false);
    const blob = offset + view.getUint32(offset + 16 + index * 8, false);
    if (type === 0 && view.getUint32(blob, false) === codeDirectoryMagic) return blob;
  }
  return undefined;
}
