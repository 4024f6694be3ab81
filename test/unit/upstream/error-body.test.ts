import { expect, test } from "bun:test";
import { readBoundedBody } from "../../../src/upstream/error-body.ts";

const bytes = (count: number) => new Uint8Array(count).fill(0x61);

test("reads a body whole up to the bound, declared or not", async () => {
  const declared = new Response(bytes(40), { headers: { "content-length": "40" } });
  expect((await readBoundedBody(declared, 50)).byteLength).toBe(40);
  const unsized = new Response(new Blob([bytes(30)]).stream());
  expect((await readBoundedBody(unsized, 50)).byteLength).toBe(30);
});

test("cuts a body at the bound whatever length it declares", async () => {
  const long = new Response(bytes(100), { headers: { "content-length": "100" } });
  expect((await readBoundedBody(long, 50)).byteLength).toBe(50);
  // fetch decodes a compressed body, so its declared length is not what is read
  const compressed = new Response(bytes(100), {
    headers: { "content-length": "10", "content-encoding": "gzip" },
  });
  expect((await readBoundedBody(compressed, 50)).byteLength).toBe(50);
});
