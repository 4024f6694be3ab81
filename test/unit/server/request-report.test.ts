import { expect, test } from "bun:test";
import {
  createEventBus,
  createUsageCoster,
  type ProxyEvent,
} from "../../../src/observability/index.ts";
import { createRequestReport } from "../../../src/server/request-report.ts";
import { createByteBudget, ProxyError } from "../../../src/shared/index.ts";
import { manualClock } from "../../support/manual-clock.ts";

function recordedReport() {
  const events: ProxyEvent[] = [];
  const bus = createEventBus((error) => {
    throw error;
  });
  bus.subscribe((event) => events.push(event));
  const context = {
    bus,
    clock: manualClock(),
    costOf: createUsageCoster(undefined),
    captureBudget: createByteBudget(1024, () => {}),
  };
  const report = (path: string) => createRequestReport(context, "req_1", "POST", path, 0);
  return { events, report };
}

test("a request that fails emits received, failed (redacted) and finished, in that order", () => {
  const { events, report: reportFor } = recordedReport();
  const report = reportFor("/v1/chat/completions");
  report.failed(
    502,
    new ProxyError("upstream_error", "provider p refused https://up.example/v1?key=sk-secret-1"),
  );
  expect(events.map((event) => event.type)).toEqual([
    "request_received",
    "request_failed",
    "response_finished",
  ]);
  expect(events[0]).toEqual({
    type: "request_received",
    request_id: "req_1",
    method: "POST",
    path: "/v1/chat/completions",
  });
  expect(events[1]).toEqual({
    type: "request_failed",
    request_id: "req_1",
    status: 502,
    error_class: "upstream_error",
    message: "provider p refused https://up.example/v1?key=[redacted]",
  });
  const finished = events[2];
  expect(finished?.type === "response_finished" && finished.record.error_class).toBe(
    "upstream_error",
  );
});

test("an unexpected error is reported as internal, without its message", () => {
  const { events, report: reportFor } = recordedReport();
  reportFor("/v1/messages").failed(500, new Error("database path /secret/place is locked"));
  const failed = events.find((event) => event.type === "request_failed");
  expect(failed).toMatchObject({ error_class: "internal_error", message: "internal error" });
});
