// The `model` label: a client may send any string, so a model is named on /metrics only once an
// upstream has answered it with a 2xx; until then its requests count under one placeholder.

import { defaultMaxSeriesPerMetric } from "./registry.ts";
import { cutLabelValue, otherLabelValue } from "./series-map.ts";

/** The label of requests whose model no upstream has answered with a 2xx (yet). */
const unverifiedModelLabel = "_unverified_";
/** The label of requests that named no model. */
const noModelLabel = "none";

export type ModelLabels = {
  /**
   * The label for a request's model. `answered`: an upstream answered this request with a 2xx,
   * which makes the model known from then on (this request included).
   */
  labelFor(model: string | null, answered: boolean): string;
};

/** Remembers at most `maxModels` models; answered models past that are labelled "_other_". */
export function createModelLabels(maxModels = defaultMaxSeriesPerMetric): ModelLabels {
  const known = new Set<string>();
  return {
    labelFor(model, answered) {
      if (model === null) return noModelLabel;
      // The series map cuts labels the same way; cutting first keeps the set small too.
      const label = cutLabelValue(model);
      if (known.has(label)) return label;
      if (!answered) return unverifiedModelLabel;
      if (known.size >= maxModels) return otherLabelValue;
      known.add(label);
      return label;
    },
  };
}
