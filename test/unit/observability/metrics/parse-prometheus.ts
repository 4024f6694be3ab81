// A small parser for the Prometheus text format, for tests: every sample keyed by
// `name{label="value",...}` with labels sorted by name. Throws on anything malformed.

export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  if (text !== "" && !text.endsWith("\n")) throw new Error("exposition must end with a newline");
  text.split("\n").forEach((line, index) => {
    if (line === "" || line.startsWith("#")) return;
    const { key, value } = parseSample(line, index + 1);
    if (samples.has(key)) throw new Error(`line ${index + 1}: duplicate series ${key}`);
    samples.set(key, value);
  });
  return samples;
}

/** The key parsePrometheus uses for a series. */
export function seriesKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((label) => `${label}="${escapeValue(labels[label] ?? "")}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(",")}}`;
}

// --- internal ---

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelPattern = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseSample(line: string, lineNumber: number): { key: string; value: number } {
  const fail = (why: string): never => {
    throw new Error(`line ${lineNumber}: ${why}: ${JSON.stringify(line)}`);
  };
  const name = namePattern.exec(line)?.[0] ?? fail("no metric name");
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    while (!rest.startsWith("}")) {
      const label = labelPattern.exec(rest)?.[0] ?? fail("bad label name");
      if (label in labels) fail(`duplicate label ${label}`);
      rest = rest.slice(label.length);
      if (!rest.startsWith('="')) fail('expected ="');
      const { value, length } = readQuoted(rest.slice(2)) ?? fail("unterminated label value");
      labels[label] = value;
      rest = rest.slice(2 + length);
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (!rest.startsWith("}")) fail("expected , or }");
    }
    rest = rest.slice(1);
  }
  const fields = rest.split(" ");
  // `name{labels} value [timestamp]`, separated by single spaces.
  if (fields[0] !== "" || fields.length < 2 || fields.length > 3) fail("expected ' value'");
  return { key: seriesKey(name, labels), value: parseNumber(fields[1] ?? "", fail) };
}

/** Reads an escaped label value up to its closing quote; `length` includes the quote. */
function readQuoted(text: string): { value: string; length: number } | undefined {
  let value = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return { value, length: i + 1 };
    if (char === "\n") return undefined;
    if (char !== "\\") {
      value += char;
      continue;
    }
    const next = text[++i];
    if (next === "n") value += "\n";
    else if (next === "\\" || next === '"') value += next;
    else return undefined;
  }
  return undefined;
}

function parseNumber(text: string, fail: (why: string) => never): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`bad number ${text}`);
  return Number(text);
}

function escapeValue(value: string): string {
  return value.replace(/[\\"\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));
}
