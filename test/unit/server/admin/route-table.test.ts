// The admin route table: pattern matching, decoded parameters, 404 versus 405, duplicates.

import { describe, expect, test } from "bun:test";
import { createRouteTable, defineRoute } from "../../../../src/server/admin/route-table.ts";
import { isProxyError } from "../../../../src/shared/index.ts";

const ok = () => new Response("ok");
const table = createRouteTable([
  defineRoute("GET", "/admin/tokens", ok),
  defineRoute("POST", "/admin/tokens", ok),
  defineRoute("GET", "/admin/tokens/:id", ok),
  defineRoute("PATCH", "/admin/tokens/:id", ok),
  defineRoute("POST", "/admin/providers/:name/reset", ok),
]);

describe("createRouteTable", () => {
  test("matches a literal pattern by method", () => {
    const match = table.match("POST", "/admin/tokens");
    expect(match.kind).toBe("found");
    if (match.kind === "found") expect(match.route.pattern).toBe("/admin/tokens");
  });

  test("fills parameters by name, percent-decoded", () => {
    const match = table.match("POST", "/admin/providers/open%20ai%2Feu/reset");
    expect(match).toMatchObject({ kind: "found", params: { name: "open ai/eu" } });
  });

  test.each([
    ["/admin/tokens/"],
    ["/admin/tokens/a/b"],
    ["/admin/token"],
    ["/admin/providers/x"],
    ["/admin/providers/x/reset/now"],
  ])("%s matches no route", (path) => {
    expect(table.match("GET", path).kind).toBe("not_found");
  });

  test("a known path with another method is method_not_allowed and lists the allowed ones", () => {
    expect(table.match("DELETE", "/admin/tokens")).toEqual({
      kind: "method_not_allowed",
      allow: ["GET", "POST"],
    });
  });

  test("a malformed percent-escape in a parameter is a 400, not an exception", () => {
    let thrown: unknown;
    try {
      table.match("GET", "/admin/tokens/%ZZ");
    } catch (error: unknown) {
      thrown = error;
    }
    expect(isProxyError(thrown) && thrown.status).toBe(400);
  });

  test("a route defined twice is refused when the table is built", () => {
    expect(() =>
      createRouteTable([defineRoute("GET", "/a", ok), defineRoute("GET", "/a", ok)]),
    ).toThrow("duplicate admin route GET /a");
  });

  test("handlers see the pattern's parameters by name", async () => {
    const typed = createRouteTable([
      defineRoute("GET", "/admin/projects/:name/tokens/:id", ({ params }) =>
        Response.json({ name: params.name, id: params.id }),
      ),
    ]);
    const match = typed.match("GET", "/admin/projects/web/tokens/tok_1");
    if (match.kind !== "found") throw new Error("expected a match");
    const request = new Request("http://x/");
    const answer = await match.route.handle({
      request,
      url: new URL(request.url),
      params: match.params,
    });
    expect(await answer.json()).toEqual({ name: "web", id: "tok_1" });
  });
});
