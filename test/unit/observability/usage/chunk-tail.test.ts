import { describe, expect, test } from "bun:test";
import { createChunkTail } from "../../../../src/observability/usage/chunk-tail.ts";

const text = new TextDecoder();
const bytesOf = (value: string) => new TextEncoder().encode(value);

describe("the tail of a body passing chunk by chunk", () => {
  test("is the last bytes across the chunks that passed", () => {
    const tail = createChunkTail(8);
    for (const piece of ["abc", "defg", "hijk", "lm"]) tail.push(bytesOf(piece));
    expect(text.decode(tail.bytes())).toBe("fghijklm");
  });

  test("keeps a chunk larger than itself as a view while it is the newest", () => {
    const tail = createChunkTail(4);
    const big = bytesOf("0123456789");
    tail.push(big);
    expect(text.decode(tail.bytes())).toBe("6789");
    big.fill(0x2a); // no copy was made: the view reads what the chunk holds now
    expect(text.decode(tail.bytes())).toBe("****");
  });

  test("cuts a large chunk to a copy of its last bytes once a smaller one follows it", () => {
    const tail = createChunkTail(4);
    const big = bytesOf("0123456789");
    tail.push(big);
    tail.push(bytesOf("x"));
    big.fill(0x2a); // a view would now read "***x"
    expect(text.decode(tail.bytes())).toBe("789x");
  });

  test("lets a large chunk go whole when the next one fills the tail alone", () => {
    const tail = createChunkTail(4);
    const first = bytesOf("0123456789");
    tail.push(first);
    tail.push(bytesOf("abcdefgh"));
    first.fill(0x2a);
    expect(text.decode(tail.bytes())).toBe("efgh");
  });

  test("forgets what came before a chunk that fills it alone", () => {
    const tail = createChunkTail(4);
    tail.push(bytesOf("ab"));
    tail.push(bytesOf("0123456789"));
    tail.push(bytesOf("xy"));
    expect(text.decode(tail.bytes())).toBe("89xy");
  });

  test("reads the same after many chunks have left it as after a few", () => {
    const tail = createChunkTail(5);
    let all = "";
    for (let i = 0; i < 300; i++) {
      const piece = String(i % 10);
      all += piece;
      tail.push(bytesOf(piece));
    }
    expect(text.decode(tail.bytes())).toBe(all.slice(-5));
    tail.clear();
    expect(tail.heldBytes()).toBe(0);
    expect(tail.pieces()).toHaveLength(0);
  });
});
