// Prometheus text exposition format 0.0.4: how names, label values and numbers are written.

/** Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*` (exposition format spec, "Metric names and labels"). */
export const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names: `[a-zA-Z_][a-zA-Z0-9_]*`; names starting with `__` are reserved for Prometheus. */
export const labelNamePattern = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A sample value as Prometheus writes it: `3`, `0.25`, `+Inf`, `-Inf`, `NaN`. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return needsLabelEscape.test(value) ? value.replace(labelEscapes, escapeChar) : value;
}

/** HELP text escapes only backslash and line feed. */
export function escapeHelp(help: string): string {
  return help.replace(helpEscapes, escapeChar);
}

/** `a="x",b="y"`: the label pairs of one series, without braces. */
export function labelPairs(names: readonly string[], values: readonly string[]): string {
  let pairs = "";
  for (let i = 0; i < names.length; i++) {
    const pair = `${names[i]}="${escapeLabelValue(values[i] ?? "")}"`;
    pairs = i === 0 ? pair : `${pairs},${pair}`;
  }
  return pairs;
}

/** `{a="x",b="y"}`, or "" for a series without labels. */
export function formatLabels(names: readonly string[], values: readonly string[]): string {
  const pairs = labelPairs(names, values);
  return pairs === "" ? "" : `{${pairs}}`;
}

// --- internal ---

const needsLabelEscape = /[\\"\n]/;
const labelEscapes = /[\\"\n]/g;
const helpEscapes = /[\\\n]/g;

function escapeChar(char: string): string {
  return char === "\n" ? "\\n" : `\\${char}`;
}
