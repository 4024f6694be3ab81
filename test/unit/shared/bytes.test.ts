import { expect, test } from "bun:test";
import {
  concatBytes,
  indexOfBytes,
  lastBytes,
  lastIndexOfBytes,
} from "../../../src/shared/index.ts";

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

test("searches a view within a larger buffer from its own start, like a Buffer over it", async () => {
  const whole = new TextEncoder().encode("xxabcxxabcxx");
  const view = whole.subarray(3, 10); // "bcxxabc"
  const needle = new TextEncoder().encode("abc");
  expect(indexOfBytes(view, needle)).toBe(4);
  expect(indexOfBytes(view, needle, 5)).toBe(-1);
  expect(indexOfBytes(view, 0x63, 2)).toBe(6);
  expect(lastIndexOfBytes(view, needle)).toBe(4);
  expect(lastIndexOfBytes(view, needle, 3)).toBe(-1);
  // the bytes of a body read with bytes(), whose ArrayBuffer was never asked for
  const body = await new Response("no secret here, then sk-abc").bytes();
  expect(indexOfBytes(body, new TextEncoder().encode("sk-abc"))).toBe(21);
});
