import { describe, expect, test } from "bun:test";
import { parseConfigObject } from "../../../src/config/index.ts";
import { type Balancer, createBalancer, type StateChange } from "../../../src/routing/index.ts";
import { manualClock } from "../../support/manual-clock.ts";

function balancerFor(raw: Record<string, unknown>, clock = manualClock()) {
  const config = parseConfigObject(raw, { env: {}, baseDir: "/", source: "test" });
  const changes: StateChange[] = [];
  const balancer = createBalancer(config, { clock, onChange: (change) => changes.push(change) });
  return { balancer, clock, changes };
}

const mock = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "mock",
  ...extra,
});

/** Plans `count` requests, finishing each at once with success; returns the first picks. */
async function firstPicks(balancer: Balancer, count: number, model = "m"): Promise<string[]> {
  const picks: string[] = [];
  for (let i = 0; i < count; i++) {
    const lease = await balancer.plan(model).next(new AbortController().signal);
    if (!lease) throw new Error("no lease");
    picks.push(lease.provider.name);
    lease.finish({ kind: "answered", status: 200, firstByteMs: 1 });
  }
  return picks;
}

async function order(balancer: Balancer, model: string | undefined = "m"): Promise<string[]> {
  const plan = balancer.plan(model);
  const names: string[] = [];
  const signal = new AbortController().signal;
  for (let lease = await plan.next(signal); lease; lease = await plan.next(signal)) {
    names.push(lease.provider.name);
    lease.finish(undefined);
  }
  return names;
}

const count = (names: string[]) =>
  names.reduce<Record<string, number>>((acc, name) => {
    acc[name] = (acc[name] ?? 0) + 1;
    return acc;
  }, {});

describe("routes", () => {
  const { balancer } = balancerFor({
    providers: [
      mock("a", { models: ["gpt-*", "o?-mini"] }),
      mock("b", { models: ["claude-*"] }),
      mock("c"),
      mock("d", { models: ["gpt-4.1"] }),
    ],
    routes: [{ model: "special-*", providers: ["d", "b"], strategy: "failover" }],
    routing: { strategy: "failover" },
  });

  test.each([
    ["gpt-4o", ["a", "c"]],
    ["o3-mini", ["a", "c"]],
    ["claude-sonnet-4", ["b", "c"]],
    ["llama-3", ["c"]],
    ["gpt-4.1", ["a", "c", "d"]],
    ["special-x", ["d", "b"]],
  ])("%s goes to %p", async (model, expected) => {
    expect(await order(balancer, model)).toEqual(expected);
  });

  test("treats glob characters literally and names the unknown model", () => {
    const only = balancerFor({ providers: [mock("d", { models: ["gpt-4.1"] })] }).balancer;
    expect(() => only.plan("gpt-4x1")).toThrow('no provider serves model "gpt-4x1"');
  });

  test("a model matched before, or beyond the remembered ones, routes the same", async () => {
    const first = await order(balancer, "gpt-4.1");
    const only = balancerFor({ providers: [mock("d", { models: ["gpt-4.1"] })] }).balancer;
    expect(() => only.plan("llama-3")).toThrow("no provider serves model");
    // more distinct models than a route table remembers: it starts over, never answers wrongly
    for (let i = 0; i < 1_500; i++) {
      expect(balancer.servingProviders(`llama-${i}`)).toHaveLength(1);
      expect(only.servingProviders(`llama-${i}`)).toHaveLength(0);
    }
    expect(await order(balancer, "gpt-4.1")).toEqual(first);
    expect(() => only.plan("llama-3")).toThrow("no provider serves model");
    expect(only.servingProviders("gpt-4.1").map((provider) => provider.name)).toEqual(["d"]);
    expect(await order(balancer, "special-x")).toEqual(["d", "b"]);
  });

  test("a request without a model may use any provider", async () => {
    const plan = balancer.plan(undefined);
    const names: string[] = [];
    const signal = new AbortController().signal;
    for (let lease = await plan.next(signal); lease; lease = await plan.next(signal)) {
      names.push(lease.provider.name);
      lease.finish(undefined);
    }
    expect(names).toEqual(["a", "b", "c", "d"]);
  });
});

describe("strategies", () => {
  test("weighted 2:1 gives exactly 2:1 in every window of 3, smoothly interleaved", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a", { weight: 2 }), mock("b", { weight: 1 })],
    });
    const picks = await firstPicks(balancer, 3000);
    expect(count(picks)).toEqual({ a: 2000, b: 1000 });
    for (let i = 0; i < picks.length; i += 3) {
      expect(count(picks.slice(i, i + 3))).toEqual({ a: 2, b: 1 });
    }
  });

  test("weighted 5:3:1 over 900 requests", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a", { weight: 5 }), mock("b", { weight: 3 }), mock("c", { weight: 1 })],
    });
    expect(count(await firstPicks(balancer, 900))).toEqual({ a: 500, b: 300, c: 100 });
  });

  test("round_robin rotates evenly and tries the others after the pick", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a"), mock("b"), mock("c")],
      routing: { strategy: "round_robin" },
    });
    expect(await firstPicks(balancer, 6)).toEqual(["a", "b", "c", "a", "b", "c"]);
    expect(await order(balancer)).toEqual(["a", "b", "c"]);
    expect(await order(balancer)).toEqual(["b", "c", "a"]);
  });

  test("failover always starts at the top of the list", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a"), mock("b"), mock("c")],
      routing: { strategy: "failover" },
    });
    expect(await firstPicks(balancer, 4)).toEqual(["a", "a", "a", "a"]);
  });

  test("least_busy picks the provider with the lowest in-flight share of max_concurrent", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a", { max_concurrent: 2 }), mock("b", { max_concurrent: 10 })],
      routing: { strategy: "least_busy" },
    });
    const signal = new AbortController().signal;
    const held = [];
    for (let i = 0; i < 4; i++) {
      const lease = await balancer.plan("m").next(signal);
      if (!lease) throw new Error("no lease");
      held.push(lease);
    }
    // a: 1/2 after its first request, so b takes the next three (1/10, 2/10, 3/10 < 1/2)
    expect(held.map((lease) => lease.provider.name)).toEqual(["a", "b", "b", "b"]);
    for (const lease of held) lease.finish(undefined);
  });

  test("latency prefers the lowest EWMA and re-explores a provider left alone for a while", async () => {
    const clock = manualClock();
    const { balancer } = balancerFor(
      { providers: [mock("slow"), mock("fast")], routing: { strategy: "latency" } },
      clock,
    );
    const signal = new AbortController().signal;
    const serve = async (times: Record<string, number>) => {
      const lease = await balancer.plan("m").next(signal);
      if (!lease) throw new Error("no lease");
      const name = lease.provider.name;
      lease.finish({ kind: "answered", status: 200, firstByteMs: times[name] ?? 0 });
      clock.advance(100);
      return name;
    };
    const times = { slow: 400, fast: 50 };
    // both unexplored at first: each is tried once
    expect([await serve(times), await serve(times)]).toEqual(["slow", "fast"]);
    expect([await serve(times), await serve(times), await serve(times)]).toEqual([
      "fast",
      "fast",
      "fast",
    ]);
    clock.advance(10_000);
    expect(await serve(times)).toBe("slow");
    expect(await serve(times)).toBe("fast");
  });
});

describe("fallback_only", () => {
  test("is offered only after every primary", async () => {
    const { balancer } = balancerFor({
      providers: [mock("backup", { fallback_only: true }), mock("a"), mock("b")],
      routing: { strategy: "failover" },
    });
    expect(await order(balancer)).toEqual(["a", "b", "backup"]);
    expect(await firstPicks(balancer, 3)).toEqual(["a", "a", "a"]);
  });

  test("takes the traffic when every primary is unavailable", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a"), mock("backup", { fallback_only: true })],
      routing: { circuit_breaker: { failures: 1 } },
    });
    const lease = await balancer.plan("m").next(new AbortController().signal);
    lease?.finish({ kind: "failed", message: "answered 500" });
    expect(await firstPicks(balancer, 2)).toEqual(["backup", "backup"]);
  });
});

describe("circuit breaker", () => {
  const failOnce = async (balancer: Balancer, outcome: Parameters<Lease["finish"]>[0]) => {
    const lease = await balancer.plan("m").next(new AbortController().signal);
    if (!lease) throw new Error("no lease");
    lease.finish(outcome);
    return lease.provider.name;
  };
  type Lease = NonNullable<Awaited<ReturnType<ReturnType<Balancer["plan"]>["next"]>>>;

  test("opens after N failures in the window, half-opens for one probe, closes on success", async () => {
    const { balancer, clock, changes } = balancerFor({
      providers: [mock("a")],
      routing: { circuit_breaker: { failures: 3, window: "10s", cooldown: "5s" } },
    });
    for (let i = 0; i < 3; i++) await failOnce(balancer, { kind: "failed", message: "500" });
    // open: the only candidate is still tried, by the panic pass
    const panicked = await balancer.plan("m").next(new AbortController().signal);
    expect(panicked).toMatchObject({ panic: true, provider: { name: "a" } });
    panicked?.finish({ kind: "failed", message: "500" });
    expect(balancer.snapshot()[0]).toMatchObject({ state: "open", breaker: "open" });
    expect(changes).toHaveLength(1);
    expect(changes[0]?.message).toContain("circuit opened: 3 errors");

    clock.advance(5_000);
    const plan = balancer.plan("m");
    const probe = await plan.next(new AbortController().signal);
    expect(probe).toMatchObject({ panic: false, provider: { name: "a" } });
    // while the probe is out the next request is not another probe: it is a panic pass
    const duringProbe = await balancer.plan("m").next(new AbortController().signal);
    expect(duringProbe?.panic).toBe(true);
    duringProbe?.finish(undefined);
    probe?.finish({ kind: "answered", status: 200, firstByteMs: 3 });
    expect(balancer.snapshot()[0]?.breaker).toBe("closed");
    expect(changes.map((change) => change.message)).toEqual([
      expect.stringContaining("circuit opened"),
      "circuit closed: a request succeeded",
    ]);
  });

  test("a failed probe opens it again; an abandoned probe lets another request probe", async () => {
    const { balancer, clock } = balancerFor({
      providers: [mock("a")],
      routing: { circuit_breaker: { failures: 1, cooldown: "1s" } },
    });
    await failOnce(balancer, { kind: "failed", message: "500" });
    clock.advance(1_000);
    await failOnce(balancer, undefined);
    expect(balancer.snapshot()[0]?.breaker).toBe("half_open");
    await failOnce(balancer, { kind: "failed", message: "timeout" });
    expect(balancer.snapshot()[0]?.breaker).toBe("open");
  });

  test("failures older than the window do not count", async () => {
    const { balancer, clock } = balancerFor({
      providers: [mock("a")],
      routing: { circuit_breaker: { failures: 2, window: "1s" } },
    });
    await failOnce(balancer, { kind: "failed", message: "500" });
    clock.advance(1_500);
    await failOnce(balancer, { kind: "failed", message: "500" });
    expect(balancer.snapshot()[0]?.breaker).toBe("closed");
  });

  test("429s, auth failures and errors are counted apart", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a")],
      routing: { circuit_breaker: { failures: 2 } },
    });
    await failOnce(balancer, { kind: "failed", message: "500" });
    await failOnce(balancer, { kind: "rate_limited", retryAfterMs: undefined });
    await failOnce(balancer, { kind: "auth_failed", status: 401 });
    expect(balancer.snapshot()[0]).toMatchObject({
      breaker: "closed",
      recent_failures: { error: 1, rate_limit: 1, auth: 1 },
      errors: { server: 1, rate_limited: 1, auth: 1 },
    });
    await failOnce(balancer, { kind: "auth_failed", status: 401 });
    expect(balancer.snapshot()[0]?.breaker).toBe("open");
  });

  test("a 429 with retry-after cools the provider down for that long", async () => {
    const { balancer, clock } = balancerFor({ providers: [mock("a"), mock("b")] });
    expect(await failOnce(balancer, { kind: "rate_limited", retryAfterMs: 2_000 })).toBe("a");
    expect(await firstPicks(balancer, 2)).toEqual(["b", "b"]);
    clock.advance(2_000);
    expect((await firstPicks(balancer, 2)).sort()).toEqual(["a", "b"]);
  });
});

describe("max_concurrent", () => {
  test("waits slot_wait for a slot, then moves on; a released slot goes to the waiter", async () => {
    const { balancer } = balancerFor({
      providers: [mock("a", { max_concurrent: 1 }), mock("b", { max_concurrent: 1 })],
      routing: { strategy: "failover", slot_wait: "50ms" },
    });
    const signal = new AbortController().signal;
    const first = await balancer.plan("m").next(signal);
    expect(first?.provider.name).toBe("a");
    const second = await balancer.plan("m").next(signal);
    expect(second?.provider.name).toBe("b");

    const third = balancer.plan("m");
    expect(await third.next(signal)).toBeUndefined();
    expect(third.exhausted().message).toContain("every provider is at max_concurrent (a, b)");

    const waiting = balancer.plan("m").next(signal);
    first?.finish(undefined);
    expect((await waiting)?.provider.name).toBe("a");
  });
});
