// The cheap parts of scripts/build.ts: target naming, SHA256SUMS, header checks, build facts.
// Compiling the binaries themselves is CI's job (.ci/run), not npm test's.

import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BinaryFormat,
  readBinaryFormat,
  toBinaryFormat,
} from "../../../scripts/build/binary-format.ts";
import { toBuiltAt, toDefineFlags } from "../../../scripts/build/build-info.ts";
import { toChecksumsText, writeChecksums } from "../../../scripts/build/checksums.ts";
import { hostPlatform, releaseTargets } from "../../../scripts/build/targets.ts";

describe("release targets", () => {
  test("name the five DESIGN.md files and the musl build", () => {
    expect(releaseTargets.map((target) => target.fileName).sort()).toEqual([
      "llm-proxy-darwin-arm64",
      "llm-proxy-darwin-x64",
      "llm-proxy-linux-arm64",
      "llm-proxy-linux-x64",
      "llm-proxy-linux-x64-musl",
      "llm-proxy-windows-x64.exe",
    ]);
  });

  test("use Bun's target names and expect the matching format", () => {
    const byPlatform = Object.fromEntries(releaseTargets.map((t) => [t.platform, t]));
    expect(byPlatform["linux-arm64"]).toMatchObject({
      bunTarget: "bun-linux-arm64",
      format: "elf-aarch64",
    });
    expect(byPlatform["darwin-x64"]?.format).toBe("macho-x86-64");
    expect(byPlatform["windows-x64"]?.format).toBe("pe32+-x86-64");
  });

  test("the host platform is named like the files", () => {
    expect(hostPlatform()).toMatch(/^(linux|darwin|windows)-(x64|arm64)$/);
  });
});

describe("SHA256SUMS", () => {
  test("is one `<hex>  <name>` line per file", () => {
    const sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(toChecksumsText([{ fileName: "llm-proxy-linux-x64", sha256 }])).toBe(
      `${sha256}  llm-proxy-linux-x64\n`,
    );
    expect(() => toChecksumsText([{ fileName: "a\nb", sha256 }])).toThrow();
  });

  test("is accepted by sha256sum -c", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmp-sums-"));
    writeFileSync(join(dir, "llm-proxy-a"), "abc");
    writeFileSync(join(dir, "llm-proxy-b.exe"), new Uint8Array(100_000).fill(7));
    const path = await writeChecksums(dir, ["llm-proxy-a", "llm-proxy-b.exe"]);
    expect(await Bun.file(path).text()).toStartWith(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  llm-proxy-a\n",
    );
    const check = Bun.spawnSync(["sha256sum", "-c", "--strict", "SHA256SUMS"], { cwd: dir });
    expect(check.stdout.toString()).toBe("llm-proxy-a: OK\nllm-proxy-b.exe: OK\n");
    expect(check.exitCode).toBe(0);
  });
});

describe("binary formats", () => {
  test.each([
    ["elf-x86-64", elf(0x3e)],
    ["elf-aarch64", elf(0xb7)],
    ["macho-x86-64", macho(0x01000007)],
    ["macho-arm64", macho(0x0100000c)],
    ["pe32+-x86-64", pe(0x8664, 0x20b)],
  ])("reads %s from its header", (format, header) => {
    expect<string | undefined>(toBinaryFormat(header)).toBe(format);
  });

  test.each([
    ["a 32-bit PE", pe(0x14c, 0x10b)],
    ["an ELF for another CPU", elf(0x28)],
    ["text", new TextEncoder().encode("#!/bin/sh\n".padEnd(128, " "))],
    ["a short file", new Uint8Array(8)],
  ])("names nothing for %s", (_name, header) => {
    expect(toBinaryFormat(header)).toBeUndefined();
  });

  test("reads the running bun executable as this machine's format", async () => {
    const formats: Record<string, BinaryFormat> = {
      "linux-x64": "elf-x86-64",
      "linux-arm64": "elf-aarch64",
    };
    const expected = formats[hostPlatform()];
    if (expected) expect(await readBinaryFormat(process.execPath)).toBe(expected);
  });
});

describe("build facts", () => {
  test("built_at is now, or SOURCE_DATE_EPOCH when set", () => {
    const now = new Date("2026-01-02T03:04:05.678Z");
    expect(toBuiltAt(undefined, now)).toBe("2026-01-02T03:04:05.678Z");
    expect(toBuiltAt("1700000000", now)).toBe("2023-11-14T22:13:20.000Z");
    expect(() => toBuiltAt("soon", now)).toThrow("SOURCE_DATE_EPOCH");
  });

  test("defines are JSON strings, and a missing commit is left out", () => {
    const builtAt = "2026-01-02T03:04:05.678Z";
    expect(toDefineFlags({ commit: "abc", builtAt }, "linux-arm64")).toEqual([
      '--define=LLM_PROXY_BUILD_COMMIT="abc"',
      `--define=LLM_PROXY_BUILD_TIME="${builtAt}"`,
      '--define=LLM_PROXY_BUILD_PLATFORM="linux-arm64"',
    ]);
    expect(toDefineFlags({ commit: null, builtAt }, "linux-x64")).toHaveLength(2);
  });
});

// --- internal ---

function elf(machine: number): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  new DataView(bytes.buffer).setUint16(18, machine, true);
  return bytes;
}

function macho(cpu: number): Uint8Array {
  const bytes = new Uint8Array(64);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0xfeedfacf, true);
  view.setUint32(4, cpu, true);
  view.setUint32(12, 2, true); // MH_EXECUTE
  return bytes;
}

function pe(machine: number, optionalMagic: number): Uint8Array {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  bytes.set([0x4d, 0x5a]);
  view.setUint32(0x3c, 0x80, true);
  view.setUint32(0x80, 0x50450000, false);
  view.setUint16(0x84, machine, true);
  view.setUint16(0x80 + 24, optionalMagic, true);
  return bytes;
}
