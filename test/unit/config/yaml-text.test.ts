// The config's YAML reader: Bun's parser only for texts whose keys a line scan has checked, the
// `yaml` package (with its line and column) for everything else.

import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parse } from "yaml";
import { hasNoRepeatedKeys, readYaml } from "../../../src/config/yaml-text.ts";

const repoRoot = join(import.meta.dir, "..", "..", "..");

const repeated = [
  "a: 1\na: 2\n",
  "a:\n  b: 1\n  b: 2\n",
  "p:\n  - name: a\n    name: b\n",
  "p:\n- name: a\n  name: b\n",
  "p:\n- name: a\nq: 1\np: 2\n",
  "a: { x: 1, x: 2 }\n",
  "- - a: 1\n    a: 2\n",
  "a:\n  b:\n    c: 1\n  d: 2\n  b: 3\n",
  "a b: 1\na b: 2\n",
  "key : 1\nkey: 2\n",
  "a: 1\r\na: 2\r\n",
  "\uFEFFa: 1\na: 2\n",
];

const distinct = [
  "a: 1\nb: 2\n",
  "a:\n  b: 1\nc:\n  b: 2\n",
  "p:\n  - name: a\n    x: 1\n  - name: b\n    x: 2\n",
  "p:\n- name: a\n- name: b\nq: 1\n",
  'a: { x: 1 }\nb: { x: 1, y: [1, 2], z: "q r" }\n',
  '- { name: m, type: mock, base_url: "http://h:1/v1" }\n- { name: n, type: mock }\n',
  "- - a: 1\n  - a: 2\n",
  "a:\n  b:\n    c: 1\n    d: 2\ne:\n  c: 3\n",
  "a: 1 # a: 2\n# b: 1\nb: 2\n",
  "a: text\n  more text\nb: 1\n",
  'models: ["gpt-*", "o1*"]\nx: y\n',
  "u: http://a:b@c/v1\nu2: ${X:-http://d}\nu3: { k: ${Y} }\n",
  "a:\n  - 1\n  - 2\nb:\n  - c: 1\n    d: 2\n",
  "a: 1\r\nb: 2\r\n",
];

const unread = [
  "a: &x 1\nb: *x\n",
  "base: &b { x: 1 }\nc:\n  <<: *b\n",
  "a: |\n  b: 1\n  b: 2\n",
  "a: >\n  folded\n",
  '"a": 1\na: 2\n',
  'a: { "x": 1, x: 2 }\n',
  "a: { x: { y: 1 } }\n",
  "a: [{ x: 1 }]\n",
  "? a\n: 1\n",
  "a: !!str 1\n",
  "---\na: 1\n",
  'a: "multi\n  b: 1"\n',
  "a:\tb\n",
  "a: x#y\n",
  'a: { z: "q, r" }\n',
];

/** What readYaml makes of a text: its value, or "error". */
function outcomeOf(text: string): unknown {
  const read = readYaml(text);
  return read.ok ? read.value : "error";
}

/** What the yaml package alone makes of it (it throws on a repeated key too). */
function packageOutcome(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return "error";
  }
}

describe("hasNoRepeatedKeys", () => {
  test.each(repeated)("never vouches for a repeated key: %j", (text) => {
    expect(hasNoRepeatedKeys(text)).toBe(false);
  });

  test.each(distinct)("vouches for plain block YAML without one: %j", (text) => {
    expect(hasNoRepeatedKeys(text)).toBe(true);
  });

  test.each(unread)("does not vouch for what it does not read: %j", (text) => {
    expect(hasNoRepeatedKeys(text)).toBe(false);
  });
});

describe("readYaml", () => {
  test.each([...distinct, ...unread])("reads %j as the yaml package does", (text) => {
    expect(outcomeOf(text)).toEqual(packageOutcome(text));
  });

  test("scalars read the same through Bun's parser as through the yaml package", () => {
    const scalars = [
      "1",
      "-1.5",
      "1e3",
      "0x1F",
      "0o17",
      "017",
      "1_000",
      "true",
      "yes",
      "on",
      "null",
      "~",
      "",
      ".inf",
      ".nan",
      "2024-01-01",
      "12:30",
      "30s",
      "10mb",
      "sk-abc_123",
      '"quoted"',
      "'it''s'",
      '"a: b"',
      "[a, 2, true]",
      "[]",
      "{}",
      "é",
    ];
    for (const scalar of scalars) {
      const text = `key: ${scalar}\nlist:\n  - ${scalar}\n`;
      expect(hasNoRepeatedKeys(text)).toBe(true);
      expect(JSON.stringify(readYaml(text))).toBe(JSON.stringify({ ok: true, value: parse(text) }));
    }
  });

  test("a repeated key is the yaml package's error, with its line", () => {
    const read = readYaml("a: 1\nb: 2\na: 3\n");
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error.message).toContain("Map keys must be unique");
      expect(read.error.linePos?.[0]?.line).toBe(3);
    }
  });

  test("a syntax error Bun's parser rejects is the yaml package's, with its line", () => {
    const read = readYaml("a: 1\nb: [1, 2\nc: 3\n");
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.linePos?.[0]?.line).toBeGreaterThan(1);
  });

  test.each(["proxy.config.yaml", "scripts/bench/lean.config.yaml"])(
    "%s is read by Bun's parser, as the yaml package reads it",
    async (path) => {
      const text = await Bun.file(join(repoRoot, path)).text();
      expect(hasNoRepeatedKeys(text)).toBe(true);
      expect(readYaml(text)).toEqual({ ok: true, value: parse(text) });
    },
  );
});
