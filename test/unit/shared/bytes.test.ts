import { expect, test } from "bun:test";
import { concatBytes, lastBytes } from "../../../src/shared/index.ts";

const bytes = (...values: number[]) => new Uint8Array(values);

test("concatBytes joins chunks in order", () => {
  expect(concatBytes([bytes(1, 2), bytes(), bytes(3)])).toEqual(bytes(1, 2, 3));
});

test("lastBytes copies only the end it is asked for, across chunk edges", () => {
  const chunks = [bytes(1, 2, 3), bytes(4, 5), bytes(6, 7, 8, 9)];
  expect(lastBytes(chunks, 3)).toEqual(bytes(7, 8, 9));
  expect(lastBytes(chunks, 5)).toEqual(bytes(5, 6, 7, 8, 9));
  expect(lastBytes(chunks, 7)).toEqual(bytes(3, 4, 5, 6, 7, 8, 9));
  expect(lastBytes(chunks, 100)).toEqual(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9));
  expect(lastBytes([], 4)).toEqual(bytes());
});
