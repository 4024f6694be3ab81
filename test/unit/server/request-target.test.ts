import { expect, test } from "bun:test";
import { parseRequestTarget } from "../../../src/server/request-target.ts";
import { ProxyError } from "../../../src/shared/index.ts";

test("splits path and query and drops a fragment", () => {
  expect(parseRequestTarget("http://h/v1/models?limit=2#x")).toEqual({
    pathname: "/v1/models",
    search: "?limit=2",
  });
});

test.each([
  "http://h//evil.test/v1/models",
  "http://h/v1//models",
  "http://h/v1/%2e%2e/admin",
  "http://h/v1/%252e%252e/admin",
  "http://h/v1/chat%2Fcompletions",
  "http://h/v1/chat%252Fcompletions",
  "http://h/v1/a%5C..%5Cb",
  "http://h/v1/%E0%A4%A",
])("refuses %p with 400", (url) => {
  let caught: unknown;
  try {
    parseRequestTarget(url);
  } catch (error: unknown) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ProxyError);
  expect((caught as ProxyError).status).toBe(400);
});

test("keeps ordinary encoded characters", () => {
  expect(parseRequestTarget("http://h/openai/deployments/my%20dep/chat").pathname).toBe(
    "/openai/deployments/my%20dep/chat",
  );
});
