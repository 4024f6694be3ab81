// Enforces the module boundaries of STYLE.md: which folder may import which, only via index.ts.

import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { Glob } from "bun";

const allowed: Record<string, string[]> = {
  shared: [],
  config: ["shared"],
  observability: ["shared", "config", "store"],
  store: ["shared", "config"],
  providers: ["shared"],
  translate: ["shared"],
  auth: ["shared", "config", "store"],
  credentials: ["shared", "config"],
  cache: ["shared", "config", "store"],
  routing: ["shared", "config", "providers", "observability"],
  upstream: ["shared", "config", "providers", "credentials", "observability", "translate"],
  server: [
    "shared",
    "config",
    "observability",
    "store",
    "providers",
    "auth",
    "credentials",
    "cache",
    "routing",
    "upstream",
    "translate",
  ],
};

const srcDir = resolve(import.meta.dir, "../src");
const transpiler = new Bun.Transpiler({ loader: "ts" });
const files = [...new Glob("**/*.ts").scanSync(srcDir)];

function folderOf(path: string): string {
  const parts = relative(srcDir, path).split("/");
  return parts.length > 1 ? (parts[0] ?? "") : "(root)";
}

test("src has modules to check", () => {
  expect(files.length).toBeGreaterThan(20);
});

test("every import edge between folders is allowed and goes through index.ts", () => {
  const violations: string[] = [];
  for (const file of files) {
    const path = resolve(srcDir, file);
    const from = folderOf(path);
    const rules = allowed[from];
    for (const { path: specifier } of transpiler.scanImports(
      readFileSync(path, "utf8").replace(/^#!.*/, ""),
    )) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(path), specifier);
      if (!target.startsWith(srcDir)) continue;
      const to = folderOf(target);
      if (to === from || rules === undefined) continue;
      if (!rules.includes(to)) violations.push(`${file} -> ${to} (${from} may not import ${to})`);
      else if (!target.endsWith("/index.ts"))
        violations.push(`${file} -> ${specifier} (use ${to}/index.ts)`);
    }
  }
  expect(violations).toEqual([]);
});

test("only config/ and cli/ read the environment", () => {
  const offenders = files.filter((file) => {
    const folder = folderOf(resolve(srcDir, file));
    if (folder === "config" || folder === "cli") return false;
    return /\bBun\.env\b|\bprocess\.env\b/.test(readFileSync(resolve(srcDir, file), "utf8"));
  });
  expect(offenders).toEqual([]);
});

test("no banned file names", () => {
  const banned = files.filter((file) =>
    /(^|\/)(utils|helpers|common|misc|manager)\.ts$/.test(file),
  );
  expect(banned).toEqual([]);
});
