import { expect, test } from "bun:test";
import { createEventBus, type ProxyEvent } from "../../../src/observability/index.ts";

function finished(requestId: string): ProxyEvent {
  return {
    type: "response_finished",
    method: "POST",
    path: "/v1/chat/completions",
    failed_attempts: [],
    record: { request_id: requestId } as Extract<
      ProxyEvent,
      { type: "response_finished" }
    >["record"],
  };
}

function idOf(event: ProxyEvent): string {
  return event.type === "response_finished" ? event.record.request_id : event.request_id;
}

/** A bus whose deferred work runs only when the test says the turn is over. */
function manualBus(onError: (error: unknown) => void = () => {}) {
  const deferred: (() => void)[] = [];
  const bus = createEventBus(onError, (work) => deferred.push(work));
  const endTurn = () => {
    for (const work of deferred.splice(0)) work();
  };
  return { bus, endTurn, deferred };
}

test("batched observers see a turn's events after it, one observer at a time", () => {
  const { bus, endTurn, deferred } = manualBus();
  const seen: string[] = [];
  bus.subscribe((event) => seen.push(`now ${idOf(event)}`), ["response_finished"]);
  bus.subscribe((event) => seen.push(`a ${idOf(event)}`), ["response_finished"], "batched");
  bus.subscribe((event) => seen.push(`b ${idOf(event)}`), ["response_finished"], "batched");
  bus.emit(finished("r1"));
  bus.emit(finished("r2"));
  expect(seen).toEqual(["now r1", "now r2"]);
  // one deferred run for the whole turn, not one per event
  expect(deferred).toHaveLength(1);
  endTurn();
  expect(seen).toEqual(["now r1", "now r2", "a r1", "a r2", "b r1", "b r2"]);
});

test("delivered runs once every observer has seen the event, and at once without batched ones", () => {
  const { bus, endTurn } = manualBus();
  const order: string[] = [];
  bus.emit(finished("alone"), () => order.push("alone delivered"));
  expect(order).toEqual(["alone delivered"]);
  bus.subscribe(() => order.push("observer"), ["response_finished"], "batched");
  bus.emit(finished("r1"), () => order.push("r1 delivered"));
  expect(order).toEqual(["alone delivered"]);
  endTurn();
  expect(order).toEqual(["alone delivered", "observer", "r1 delivered"]);
});

test("drain hands over what waits now; a failing observer stops neither the others nor the rest", () => {
  const errors: unknown[] = [];
  const { bus, endTurn } = manualBus((error) => errors.push(error));
  const seen: string[] = [];
  bus.subscribe(
    (event) => {
      if (idOf(event) === "r1") throw new Error("observer broke");
      seen.push(`first ${idOf(event)}`);
    },
    ["response_finished"],
    "batched",
  );
  bus.subscribe((event) => seen.push(`second ${idOf(event)}`), ["response_finished"], "batched");
  bus.emit(finished("r1"));
  bus.emit(finished("r2"));
  bus.drain();
  expect(seen).toEqual(["first r2", "second r1", "second r2"]);
  expect(errors).toHaveLength(1);
  // the deferred run finds nothing left to hand over
  endTurn();
  expect(seen).toHaveLength(3);
});

test("a batched observer sees only the types it subscribed to", () => {
  const { bus, endTurn } = manualBus();
  const seen: string[] = [];
  bus.subscribe((event) => seen.push(event.type), ["request_failed"], "batched");
  expect(bus.listens("request_failed")).toBe(true);
  expect(bus.listens("response_finished")).toBe(false);
  bus.emit(finished("r1"));
  bus.emit({
    type: "request_failed",
    request_id: "r2",
    status: 502,
    error_class: "upstream_error",
    message: "no",
  });
  endTurn();
  expect(seen).toEqual(["request_failed"]);
});

test("unsubscribing the last batched observer of a type stops the bus listening for it", () => {
  const { bus, endTurn, deferred } = manualBus();
  const seen: string[] = [];
  const stopFailed = bus.subscribe((event) => seen.push(event.type), ["request_failed"], "batched");
  const stopAll = bus.subscribe((event) => seen.push(`all:${event.type}`), undefined, "batched");
  stopAll();
  expect(bus.listens("response_finished")).toBe(false);
  expect(bus.listens("request_failed")).toBe(true);
  let delivered = false;
  bus.emit(finished("r1"), () => {
    delivered = true;
  });
  // nobody batches response_finished any more: delivered at once, nothing deferred
  expect(delivered).toBe(true);
  expect(deferred).toHaveLength(0);
  stopFailed();
  expect(bus.listens("request_failed")).toBe(false);
  endTurn();
  expect(seen).toEqual([]);
});
