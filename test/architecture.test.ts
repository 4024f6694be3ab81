// Enforces the module boundaries of STYLE.md: which folder may import which, only via index.ts.

import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { Glob } from "bun";

const allowed: Record<string, string[]> = {
  shared: [],
  config: ["shared"],
  observability: ["shared", "config", "store", "pricing"],
  store: ["shared", "config"],
  providers: ["shared"],
  pricing: ["shared"],
  translate: ["shared"],
  auth: ["shared", "config", "store", "pricing"],
  credentials: ["shared", "config"],
  cache: ["shared", "config", "store"],
  routing: ["shared", "config", "providers", "observability"],
  upstream: ["shared", "config", "providers", "credentials", "observability", "translate"],
  // the dashboard's browser code imports nothing of the server; the server serves its files
  ui: [],
  // STYLE.md: server may use everything above it but cli
  server: [
    "ui",
    "pricing",
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
const transpilers = {
  ts: new Bun.Transpiler({ loader: "ts" }),
  tsx: new Bun.Transpiler({ loader: "tsx" }),
};
const files = [...new Glob("**/*.{ts,tsx}").scanSync(srcDir)];

/**
 * Every module a file imports: what the transpiler sees, plus the type-only imports and
 * re-exports it drops (`import type`, `export type … from`): a type edge against the table is
 * still an edge against the design.
 */
function importsOf(file: string, source: string): Set<string> {
  const transpiler = file.endsWith(".tsx") ? transpilers.tsx : transpilers.ts;
  const found = new Set(transpiler.scanImports(source).map((entry) => entry.path));
  for (const match of source.matchAll(
    /(?:^|[\n;])\s*(?:import|export)\s[^;'"]*?\sfrom\s*["']([^"']+)["']/g,
  )) {
    if (match[1]) found.add(match[1]);
  }
  return found;
}

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
    for (const specifier of importsOf(file, readFileSync(path, "utf8").replace(/^#!.*/, ""))) {
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
    /(^|\/)(utils|helpers|common|misc|manager)\.tsx?$/.test(file),
  );
  expect(banned).toEqual([]);
});
