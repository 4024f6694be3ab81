import { expect, test } from "bun:test";
import { ApiError, toApiError } from "../../../src/ui/app/api-error.ts";

test("an ApiError passes through toApiError as it is", () => {
  const refused = new ApiError(400, "bad budget", { error: { message: "bad budget" } });
  expect(toApiError(refused)).toBe(refused);
});

test.each([
  [new TypeError("network connection was lost"), "network connection was lost"],
  ["a thrown string", "a thrown string"],
])("anything else thrown (%p) becomes an ApiError without a status", (thrown, message) => {
  const error = toApiError(thrown);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 0, message, data: null });
});
