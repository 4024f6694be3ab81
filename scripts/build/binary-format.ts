// Reads an executable's header and names its format (ELF, Mach-O or PE32+, and the CPU), so the
// build and CI can tell a darwin-arm64 binary from a linux-x64 one without `file`.

export type BinaryFormat =
  | "elf-x86-64"
  | "elf-aarch64"
  | "macho-x86-64"
  | "macho-arm64"
  | "pe32+-x86-64";

/** Enough of the file for every header read below (PE's e_lfanew points inside the first KiB). */
const headerBytes = 4096;

/** The format of an executable from its first bytes, or undefined for anything else. */
export function toBinaryFormat(header: Uint8Array): BinaryFormat | undefined {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.byteLength < 64) return undefined;
  if (view.getUint32(0, false) === 0x7f454c46) return elfFormat(view);
  if (view.getUint32(0, true) === 0xfeedfacf) return machoFormat(view);
  if (view.getUint16(0, false) === 0x4d5a) return peFormat(view);
  return undefined;
}

export async function readBinaryFormat(path: string): Promise<BinaryFormat | undefined> {
  const header = await Bun.file(path).slice(0, headerBytes).bytes();
  return toBinaryFormat(header);
}

// --- internal ---

// ELF: 64-bit (EI_CLASS 2), little-endian (EI_DATA 1), e_machine at offset 18.
function elfFormat(view: DataView): BinaryFormat | undefined {
  if (view.getUint8(4) !== 2 || view.getUint8(5) !== 1) return undefined;
  const machine = view.getUint16(18, true);
  if (machine === 0x3e) return "elf-x86-64";
  if (machine === 0xb7) return "elf-aarch64";
  return undefined;
}

// Mach-O 64 (MH_MAGIC_64, little-endian): cputype at offset 4, filetype MH_EXECUTE (2) at 12.
function machoFormat(view: DataView): BinaryFormat | undefined {
  if (view.getUint32(12, true) !== 2) return undefined;
  const cpu = view.getUint32(4, true);
  if (cpu === 0x01000007) return "macho-x86-64";
  if (cpu === 0x0100000c) return "macho-arm64";
  return undefined;
}

// PE: "MZ", e_lfanew at 0x3c -> "PE\0\0", Machine (AMD64 0x8664), optional header magic 0x20b (PE32+).
function peFormat(view: DataView): BinaryFormat | undefined {
  const pe = view.getUint32(0x3c, true);
  if (pe + 26 > view.byteLength || view.getUint32(pe, false) !== 0x50450000) return undefined;
  if (view.getUint16(pe + 4, true) !== 0x8664 || view.getUint16(pe + 24, true) !== 0x20b) {
    return undefined;
  }
  return "pe32+-x86-64";
}
