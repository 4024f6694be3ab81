// What this instance does with the other instances' announcements (shared.redis): a changed
// token or project drops the cached rows at once, another instance's opened circuit opens this
// one's too, and after a Redis outage (announcements may have been lost) every cached row goes.

import type { Generation } from "./generation.ts";
import type { Runtime } from "./runtime.ts";

export function subscribeSharedEvents(runtime: Runtime, current: () => Generation): void {
  const events = runtime.shared.state?.events;
  if (!events) return;
  const auth = () => current().proxy.ctx.auth;
  events.subscribe(
    ({ event, own }) => {
      switch (event.type) {
        case "token_changed":
          auth()?.forget({ token: event.token_id });
          return;
        case "project_changed":
          auth()?.forget({ project: event.project_id });
          return;
        case "breaker_opened":
          if (!own) {
            current().proxy.balancer.openedElsewhere(
              event.provider,
              event.cooldown_ms,
              event.reason,
            );
          }
          return;
      }
    },
    () => auth()?.forget("all"),
  );
}
