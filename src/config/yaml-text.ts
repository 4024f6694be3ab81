// Reads the config's YAML. Bun's own parser (Bun.YAML) costs a compiled binary nothing at
// start-up, where loading and running the `yaml` package cost the shipped config 2.7 MiB for good;
// but Bun's takes a repeated key silently (the last one wins) and says nothing of where a syntax
// error is. So Bun's reads a text only when a scan of its lines can vouch that no mapping in it
// repeats a key; any other text, and any text Bun's rejects, is read by `yaml`, loaded then,
// whose errors give the line and the column.

import type { YAMLError } from "yaml";

export type YamlRead = { ok: true; value: unknown } | { ok: false; error: YAMLError };

export function readYaml(text: string): YamlRead {
  if (hasNoRepeatedKeys(text)) {
    try {
      return { ok: true, value: Bun.YAML.parse(text) };
    } catch {
      // Bun's parser gives no position: `yaml` says what is wrong and where
    }
  }
  return readWithYamlPackage(text);
}

/**
 * True only when the text is of the YAML this scan reads key by key (block mappings and
 * sequences, one-line flow mappings of plain keys) and no mapping in it repeats a key. Anything
 * it does not read (quoted or complex keys, multi-line quotes and flow collections, block
 * scalars, anchors, aliases, merge keys, tags, documents, tabs) makes it false.
 */
export function hasNoRepeatedKeys(text: string): boolean {
  const scopes: Scope[] = [{ column: -1, keys: new Set() }];
  for (const rawLine of text.replace(byteOrderMark, "").split("\n")) {
    const line = withoutComment(rawLine.replace(variableReference, "x"));
    if (line === undefined || unreadLine.test(line) || !quotesClose(line)) return false;
    if (line.trim() === "") continue;
    let column = line.length - line.trimStart().length;
    let rest = line.slice(column).trimEnd();
    // each "- " opens a new item: what was open deeper than the dash is over
    while (rest === "-" || rest.startsWith("- ")) {
      closeDeeperThan(scopes, column);
      const after = rest.slice(1);
      column += 1 + (after.length - after.trimStart().length);
      rest = after.trimStart();
      scopes.push({ column, keys: new Set() });
    }
    if (quotedKey.test(rest) || rest === "?" || rest.startsWith("? ")) return false;
    const key = plainKey.exec(rest);
    if (key) {
      closeDeeperThan(scopes, column);
      let scope = scopes[scopes.length - 1] as Scope;
      if (scope.column < column) {
        scope = { column, keys: new Set() };
        scopes.push(scope);
      }
      if (!addKey(scope.keys, key[1] as string)) return false;
    }
    if (!valueIsRead(key ? rest.slice(key[0].length) : rest)) return false;
  }
  return true;
}

// --- internal ---

type Scope = { column: number; keys: Set<string> };

const byteOrderMark = /^\uFEFF/;
/** A `${VAR}` reference, read as a plain word: its braces open no flow mapping. */
const variableReference = /\$\{[^}\n]*\}/g;
/** Tabs, merge keys, document markers and directives. */
const unreadLine = /\t|<<|^(---|\.\.\.|%)/;
/** `key:` at the start of what is left of the line, followed by a space or the line's end. */
const plainKey = /^([^\s#:"'\-[\]{},][^:#]*?|-[^\s:#][^:#]*?):(?:\s|$)/;
const quotedKey = /^["'].*["']\s*:(?:\s|$)/;
const flowQuotedKey = /[{,]\s*["']/;
const quotedWord = /"[^"\\,{}[\]]*"|'[^',{}[\]]*'/g;
const flowSequence = /\[[^[\]{}]*\]/g;
const leftoverFlowSyntax = /["'{}[\]]/;
/** Anchors, aliases, tags and block scalars where a value starts (a flow item's too). */
const specialValueStart = /(?:^|[\s,[])[&*!|>%@`]/;

function addKey(keys: Set<string>, key: string): boolean {
  const name = key.trimEnd();
  if (keys.has(name)) return false;
  keys.add(name);
  return true;
}

/** A value read: plain or quoted scalars, one-line flow sequences, a one-line flow mapping. */
function valueIsRead(value: string): boolean {
  const trimmed = value.trim();
  if (specialValueStart.test(trimmed)) return false;
  if (!trimmed.startsWith("{")) return !trimmed.includes("{") && !trimmed.includes("}");
  if (!trimmed.endsWith("}") || flowQuotedKey.test(trimmed)) return false;
  // a quoted value holding none of , { } [ ], and a flow sequence of such, are one word here
  const inner = trimmed.slice(1, -1).replace(quotedWord, "x").replace(flowSequence, "x");
  if (leftoverFlowSyntax.test(inner)) return false;
  if (inner.trim() === "") return true;
  const keys = new Set<string>();
  for (const entry of inner.split(",")) {
    const key = plainKey.exec(`${entry.trim()} `);
    if (!key || !addKey(keys, key[1] as string)) return false;
  }
  return true;
}

/** Every quote opened on the line closes on it (a quoted value may go on over lines). */
function quotesClose(line: string): boolean {
  const doubles = line.replaceAll('\\"', "").split('"').length - 1;
  const singles = line.split("'").length - 1;
  return doubles % 2 === 0 && singles % 2 === 0;
}

function closeDeeperThan(scopes: Scope[], column: number): void {
  while (scopes.length > 1 && (scopes[scopes.length - 1] as Scope).column > column) scopes.pop();
}

/** The line without its comment, or undefined when a `#` might be inside a value. */
function withoutComment(line: string): string | undefined {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  const hash = text.indexOf("#");
  if (hash === -1) return text;
  // a comment starts the line or follows a space; any other # is part of a value
  if (hash > 0 && text[hash - 1] !== " ") return undefined;
  return text.slice(0, hash);
}

function readWithYamlPackage(text: string): YamlRead {
  // required here, not imported: only a text Bun's parser cannot vouch for pays for the package
  const { parseDocument } = require("yaml") as typeof import("yaml");
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [firstError] = document.errors;
  // after one syntax error the parser reports every token that follows: only the first is real
  if (firstError) return { ok: false, error: firstError };
  return { ok: true, value: document.toJS() };
}
