import { describe, expect, test } from "bun:test";
import { createLogger } from "../../../src/observability/index.ts";
import { manualClock } from "../../support/manual-clock.ts";

function capture(format: "pretty" | "json", secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", format, secrets, sink: (line) => lines.push(line) });
  return { logger, lines };
}

describe("logger redaction", () => {
  for (const format of ["pretty", "json"] as const) {
    test(`${format}: query keys, client tokens, bearer values and configured secrets never reach a line`, () => {
      const { logger, lines } = capture(format, ["sk-upstream-0123456789"]);
      const token = `sk-llmp-${"b".repeat(43)}`;
      logger.warn(`fetch failed for https://up.example/v1/x?alt=sse&key=AIzaSecret`, {
        cause: `upstream said: bad key sk-upstream-0123456789`,
        header: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
        token,
      });
      const line = lines.join("\n");
      for (const secret of [
        "AIzaSecret",
        "sk-upstream-0123456789",
        "eyJhbGciOiJIUzI1NiJ9",
        token,
      ]) {
        expect(line).not.toContain(secret);
      }
      expect(line).toContain("alt=sse&key=[redacted]");
      expect(line).toContain("Bearer [redacted]");
    });
  }

  test("ordinary lines pass unchanged", () => {
    const { logger, lines } = capture("json");
    logger.info("request done", { path: "/v1/chat/completions?limit=2", status: 200 });
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      msg: "request done",
      path: "/v1/chat/completions?limit=2",
      status: 200,
    });
  });
});

describe("logger reconfigure", () => {
  test("a new level and format apply to the next line, infoLine included", () => {
    const { logger, lines } = capture("json");
    logger.reconfigure({ level: "warn", format: "pretty" });
    logger.info("hidden");
    logger.infoLine("hidden too", { status: 200 });
    logger.warn("shown");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ WARN {2}shown$/);
    logger.reconfigure({ level: "info", format: "json" });
    logger.infoLine("request", { status: 200 });
    expect(JSON.parse(lines[1] ?? "{}")).toMatchObject({ level: "info", msg: "request" });
  });

  test("every line, in either format, carries the logger's clock", () => {
    const clock = manualClock(Date.UTC(2026, 11, 2, 3, 4, 5, 678));
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      format: "json",
      clock,
      sink: (line) => lines.push(line),
    });
    logger.info("consola's own");
    logger.infoLine("request", { status: 200 });
    logger.reconfigure({ level: "info", format: "pretty" });
    clock.advance(1_000);
    logger.warn("pretty");
    logger.infoLine("pretty request", { status: 200 });
    expect(lines.slice(0, 2).map((line) => JSON.parse(line).time)).toEqual([
      "2026-12-02T03:04:05.678Z",
      "2026-12-02T03:04:05.678Z",
    ]);
    expect(lines.slice(2).map((line) => line.slice(0, 12))).toEqual([
      "03:04:06.678",
      "03:04:06.678",
    ]);
  });

  test("writes tells which levels reach the sink, before and after a reconfigure", () => {
    const { logger } = capture("json");
    expect([logger.writes("info"), logger.writes("debug")]).toEqual([true, false]);
    logger.reconfigure({ level: "debug", format: "json" });
    expect([logger.writes("debug"), logger.writes("trace")]).toEqual([true, false]);
    logger.reconfigure({ level: "error", format: "json" });
    expect([logger.writes("warn"), logger.writes("error")]).toEqual([false, true]);
  });

  test("new secrets are scrubbed, and the ones before stay scrubbed", () => {
    const { logger, lines } = capture("json", ["sk-old-key-0123456789"]);
    logger.reconfigure({ level: "info", format: "json", secrets: ["sk-new-key-0123456789"] });
    logger.warn("keys sk-old-key-0123456789 and sk-new-key-0123456789");
    expect(lines[0]).not.toContain("sk-old-key");
    expect(lines[0]).not.toContain("sk-new-key");
  });
});
