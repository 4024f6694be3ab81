// Which providers may answer a model, with which strategy: the first `routes` entry whose glob
// matches wins; otherwise every provider whose `models` globs match, with routing.strategy.

import type { Config, RoutingStrategy } from "../config/index.ts";
import { compileGlobs, type GlobMatcher } from "../shared/index.ts";
import type { ProviderState } from "./provider-state.ts";
import { createStrategy, type Strategy } from "./strategies.ts";

export type Route = {
  /** "routes[0]" or "default"; shown in errors. */
  label: string;
  providers: ProviderState[];
  strategy: Strategy;
};

export type RouteTable = {
  /** Undefined when nothing serves the model. A request without a model may use any provider. */
  match(model: string | undefined): Route | undefined;
};

export function createRouteTable(config: Config, states: readonly ProviderState[]): RouteTable {
  const byName = new Map(states.map((state) => [state.name, state]));
  const explicit = config.routes.map((route, index) => ({
    matches: compileGlobs([route.model]),
    route: {
      label: `routes[${index}]`,
      providers: route.providers.map((name) => byName.get(name) as ProviderState),
      strategy: createStrategy(route.strategy ?? config.routing.strategy),
    },
  }));
  const serves: { state: ProviderState; matches: GlobMatcher }[] = states.map((state) => ({
    state,
    matches: compileGlobs(state.config.models),
  }));
  const defaults = createDefaultRoutes(config.routing.strategy);
  const everyProvider = defaults.routeFor(states.slice());
  const routeOf = (model: string): Route | undefined => {
    for (const entry of explicit) if (entry.matches(model)) return entry.route;
    const providers = serves.filter((entry) => entry.matches(model)).map((entry) => entry.state);
    return providers.length === 0 ? undefined : defaults.routeFor(providers);
  };
  // a model's route depends on the config alone (health is the plan's business), and a table
  // lives as long as its config: each model is matched against the globs once
  const matched = new Map<string, Route | null>();

  return {
    match(model) {
      if (model === undefined) return everyProvider;
      const known = matched.get(model);
      if (known !== undefined) return known ?? undefined;
      const route = routeOf(model);
      // the model comes from the client: past this many, start over rather than grow
      if (matched.size >= maxRememberedModels) matched.clear();
      matched.set(model, route ?? null);
      return route;
    },
  };
}

const maxRememberedModels = 1024;

// --- internal ---

/** One default route (and strategy state) per distinct provider set, made on first use. */
function createDefaultRoutes(strategy: RoutingStrategy): {
  routeFor(providers: ProviderState[]): Route;
} {
  const routes = new Map<string, Route>();
  return {
    routeFor(providers) {
      const key = providers.map((provider) => provider.name).join("\n");
      let route = routes.get(key);
      if (!route) {
        route = { label: "default", providers, strategy: createStrategy(strategy) };
        routes.set(key, route);
      }
      return route;
    },
  };
}
