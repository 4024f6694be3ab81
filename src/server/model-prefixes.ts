// routing.model_prefixes: "proxy-gpt-4" routes (and goes upstream) as "gpt-4", because seed 002's
// clients name models with the prefix that selected the proxy in their host server.

export function createPrefixStripper(
  prefixes: readonly string[],
): (model: string | undefined) => string | undefined {
  if (prefixes.length === 0) return (model) => model;
  return (model) => {
    if (model === undefined) return model;
    for (const prefix of prefixes) {
      if (model.length > prefix.length && model.startsWith(prefix)) {
        return model.slice(prefix.length);
      }
    }
    return model;
  };
}
