// How figures are written in the printed report: counts, durations and signed differences.

export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function micros(value: number): string {
  return `${Math.round(value)} µs`;
}

export function millis(value: number, digits = 2): string {
  return `${value.toFixed(digits)} ms`;
}

export function percent(value: number, digits = 2): string {
  return `${value.toFixed(digits)}%`;
}

export function signed(value: number, digits = 0): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}
