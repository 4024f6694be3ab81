// Latency histogram bins for the per-minute usage rollup: whole milliseconds in bins at most 10%
// of their lower bound wide, so a percentile read from bin midpoints is within 5%. Bins are
// computed by SQL (the rollup trigger) and read back here, so the SQL and the widths come from
// one table. Migration 7 embeds this SQL: changing the table needs a new migration.

/** Values below `below` ms (and at or above the previous row's) fall in bins `width` ms wide. */
const ladder: readonly { below: number; width: number }[] = [
  { below: 10, width: 1 },
  ...[10, 100, 1_000, 10_000, 100_000].flatMap((decade) => [
    { below: decade * 2, width: decade / 10 },
    { below: decade * 5, width: decade / 5 },
    { below: decade * 10, width: decade / 2 },
  ]),
];
const widthAbove = 100_000;

/**
 * The bin (its lower bound, in whole ms) of a latency column, as a SQL expression. Only
 * round(), cast and integer division, which sqlite and Postgres evaluate alike.
 */
export function latencyBinSql(column: string): string {
  const ms = `cast(round(${column}) as integer)`;
  const steps = ladder.map(
    ({ below, width }) => `when ${ms} < ${below} then ${ms} / ${width} * ${width}`,
  );
  return `case when ${column} < 0 then 0 ${steps.join(" ")} else ${ms} / ${widthAbove} * ${widthAbove} end`;
}

/** The same bin computed in TypeScript (for tests and for callers without SQL). */
export function latencyBinOf(ms: number): number {
  if (ms < 0) return 0;
  const rounded = Math.round(ms);
  const width = widthOf(rounded);
  return Math.floor(rounded / width) * width;
}

/** The value of quantile `q` (0 < q <= 1) of a histogram, as its bin's midpoint; null if empty. */
export function quantileOf(histogram: ReadonlyMap<number, number>, q: number): number | null {
  let total = 0;
  for (const count of histogram.values()) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bin of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bin) ?? 0;
    if (seen >= rank) return bin + widthOf(bin) / 2;
  }
  return null;
}

// --- internal ---

function widthOf(binOrMs: number): number {
  return ladder.find(({ below }) => binOrMs < below)?.width ?? widthAbove;
}
