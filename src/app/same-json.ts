// Whether two config slices are equal, for deciding what a reload may keep.

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
