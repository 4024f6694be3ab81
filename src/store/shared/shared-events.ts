// Changes every instance must apply at once, over Redis pub/sub: a token revoked or changed, a
// project disabled or changed, a provider's circuit opened. A subscription does not survive a
// Redis restart in Bun, and subscribing twice doubles delivery, so after each reconnect the
// server side is re-armed with a raw SUBSCRIBE (Bun keeps its one listener); messages sent while
// the link was down are lost, so the subscriber is told to resynchronise.

import type { RedisClient } from "bun";
import { z } from "zod";
import type { RedisLink } from "./redis-link.ts";

const sharedEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("token_changed"), token_id: z.string() }),
  z.object({ type: z.literal("project_changed"), project_id: z.string() }),
  z.object({
    type: z.literal("breaker_opened"),
    provider: z.string(),
    /** How long the breaker stays open from now: a duration, never another machine's clock. */
    cooldown_ms: z.number().nonnegative(),
    reason: z.string(),
  }),
]);

export type SharedEvent = z.infer<typeof sharedEventSchema>;

/** What goes on the channel: the event and which process sent it. */
const envelopeSchema = z.object({ origin: z.string(), event: sharedEventSchema });

/** An event and whether this process sent it. */
type ReceivedEvent = { event: SharedEvent; own: boolean };

export type SharedEvents = {
  /** Resolves with how many connections (instances) it reached. */
  publish(event: SharedEvent): Promise<number>;
  /** Starts listening (once); `onResync` runs after each reconnect: events may have been missed. */
  subscribe(onEvent: (received: ReceivedEvent) => void, onResync: () => void): void;
  close(): void;
};

const retryEveryMs = 500;

export function createSharedEvents(link: RedisLink, prefix: string): SharedEvents {
  const channel = `${prefix}events`;
  const origin = crypto.randomUUID();
  let subscriber: RedisClient | undefined;
  let listening = false;
  let closed = false;
  let handlers: { onEvent: (received: ReceivedEvent) => void; onResync: () => void } | undefined;

  const deliver = (message: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    const envelope = envelopeSchema.safeParse(parsed);
    if (envelope.success) {
      handlers?.onEvent({ event: envelope.data.event, own: envelope.data.origin === origin });
    }
  };
  const listen = async (): Promise<void> => {
    if (closed) return;
    if (!subscriber) {
      // the first connection is made first: a second one is a copy of it
      await link.call("PING", (client) => client.send("PING", []));
      const client = await link.duplicate();
      if (closed) return client.close();
      try {
        await link.bounded("SUBSCRIBE", client.subscribe(channel, deliver));
      } catch (error: unknown) {
        client.close();
        throw error;
      }
      subscriber = client;
      return;
    }
    // back after an outage: reconnect if Bun gave up, then re-arm the server side only
    if (!subscriber.connected) await link.bounded("connect", subscriber.connect());
    await link.bounded("SUBSCRIBE", subscriber.send("SUBSCRIBE", [channel]));
    handlers?.onResync();
  };
  const ensureListening = (): void => {
    if (listening) return;
    listening = true;
    void listen()
      .catch(() => {
        // Redis is away or went away again before it was done: try again shortly
        if (!closed) setTimeout(ensureListening, retryEveryMs).unref();
      })
      .finally(() => {
        listening = false;
      });
  };
  return {
    publish(event) {
      const message = JSON.stringify({ origin, event });
      return link.call("PUBLISH", (client) => client.publish(channel, message));
    },
    subscribe(onEvent, onResync) {
      if (handlers) return;
      handlers = { onEvent, onResync };
      link.onChange((up) => {
        if (up) ensureListening();
      });
      ensureListening();
    },
    close() {
      closed = true;
      subscriber?.close();
    },
  };
}
