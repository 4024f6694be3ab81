// The series of one metric, keyed by their joined label values: checks label names on every
// update, cuts long label values, and folds new label combinations beyond the limit into a
// single "_other_" series.

import type { Labels } from "./types.ts";

export type Series<S> = { values: readonly string[]; state: S };

export type SeriesMapOptions<S> = {
  metric: string;
  labelNames: readonly string[];
  maxSeries: number;
  create(): S;
  /** Called for every update that went to the "_other_" series instead of a new one. */
  onFold(): void;
};

export type SeriesMap<S> = {
  /** The state for these labels, created on first use. Throws on an unknown or missing label. */
  get(labels: Labels | undefined): S;
  /** Every series, ordered by label values. */
  sorted(): Series<S>[];
};

export const otherLabelValue = "_other_";
/** Longer label values are cut to this many UTF-16 code units, so one value cannot bloat a scrape. */
const maxLabelValueLength = 128;

export function createSeriesMap<S>(options: SeriesMapOptions<S>): SeriesMap<S> {
  const { metric, labelNames, maxSeries } = options;
  const declared = new Set(labelNames);
  const series = new Map<string, Series<S>>();
  const otherKey = labelNames.map(() => otherLabelValue).join(separator);

  const checkNames = (labels: Labels | undefined): void => {
    if (labels === undefined) return;
    for (const name in labels) {
      if (!declared.has(name)) throw new Error(`${metric}: unknown label "${name}"`);
    }
  };

  // The hot path: one string built from the label values, one Map lookup. (Typed handles name
  // the labels, so an unknown one is checked only where the key is new.)
  const keyOf = (labels: Labels | undefined): string => {
    let key = "";
    for (let i = 0; i < labelNames.length; i++) {
      const name = labelNames[i] as string;
      const value = labels?.[name];
      if (value === undefined) {
        checkNames(labels);
        throw new Error(`${metric}: missing label "${name}"`);
      }
      const cut = cutLabelValue(value);
      // The separator must not occur inside a value, or two label sets could share a key.
      const safe = cut.includes(separator) ? cut.replaceAll(separator, "\uFFFD") : cut;
      key = i === 0 ? safe : `${key}${separator}${safe}`;
    }
    return key;
  };

  const add = (key: string): Series<S> => {
    if (series.size >= maxSeries && key !== otherKey) {
      options.onFold();
      return series.get(otherKey) ?? add(otherKey);
    }
    const values = labelNames.length === 0 ? [] : key.split(separator);
    const entry: Series<S> = { values, state: options.create() };
    series.set(key, entry);
    return entry;
  };

  // the series of the last update: most requests repeat the labels of the one before, and
  // comparing the values skips building and hashing their key
  let last: Series<S> | undefined;
  const lastFor = (labels: Labels | undefined): Series<S> | undefined => {
    if (last === undefined || labels === undefined) return undefined;
    const { values } = last;
    for (let i = 0; i < labelNames.length; i++) {
      if (labels[labelNames[i] as string] !== values[i]) return undefined;
    }
    return last;
  };

  return {
    get(labels) {
      if (labelNames.length === 0) checkNames(labels);
      const repeated = lastFor(labels);
      if (repeated !== undefined) return repeated.state;
      const key = keyOf(labels);
      let found = series.get(key);
      if (found === undefined) {
        checkNames(labels);
        found = add(key);
      }
      last = found;
      return found.state;
    },
    sorted() {
      return [...series.values()].sort((a, b) => compareValues(a.values, b.values));
    },
  };
}

/** The first maxLabelValueLength code units, one fewer if that would split a surrogate pair. */
export function cutLabelValue(value: string): string {
  if (value.length <= maxLabelValueLength) return value;
  const last = value.charCodeAt(maxLabelValueLength - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxLabelValueLength - 1 : maxLabelValueLength;
  return value.slice(0, end);
}

// --- internal ---

const separator = "\u0000";

/** Orders series by their label values, position by position, in code-unit order. */
function compareValues(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
