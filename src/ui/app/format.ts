// How numbers, times and durations read in the dashboard.

const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
// a cent's fraction keeps two significant digits, so a request's cost never reads "$0.0000"
const fractionOfCent = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumSignificantDigits: 2,
});

export function formatCount(value: number): string {
  return Math.abs(value) >= 100_000 ? compact.format(value) : integer.format(value);
}

export function formatUsd(value: number): string {
  if (value === 0) return "$0";
  if (Math.abs(value) < 0.01) return fractionOfCent.format(value);
  return `$${value.toFixed(2)}`;
}

export function formatMs(value: number | null): string {
  if (value === null) return "–";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return "–";
  const percent = (part / whole) * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** Local date and time, e.g. "Jan 5, 14:03:09". */
export function formatTime(iso: string | null): string {
  if (iso === null) return "–";
  return new Date(iso).toLocaleString(undefined, {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** "3 min ago", "in 2 h". */
export function formatRelative(iso: string | null, now = Date.now()): string {
  if (iso === null) return "never";
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const magnitude = Math.abs(seconds);
  const [amount, unit] =
    magnitude < 60
      ? [magnitude, "s"]
      : magnitude < 3600
        ? [Math.round(magnitude / 60), "min"]
        : magnitude < 86_400
          ? [Math.round(magnitude / 3600), "h"]
          : [Math.round(magnitude / 86_400), "d"];
  return seconds <= 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

/** A body as readable text: pretty JSON when it parses, the text itself otherwise. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
