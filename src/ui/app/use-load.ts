// Loads data for a view: one call per change of its inputs, the last answer kept while a reload
// runs, and answers that arrive after a newer call started are dropped.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api.ts";

export type Loaded<T> =
  | { status: "loading"; data?: T }
  | { status: "ok"; data: T }
  | { status: "error"; error: ApiError; data?: T };

export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]) {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  const generation = useRef(0);
  // the caller lists what `load` reads in `inputs`
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ status: "loading", data: previous.data }));
    load().then(
      (data) => {
        if (mine === generation.current) setState({ status: "ok", data });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, String(error));
        setState((previous) => ({ status: "error", error: apiError, data: previous.data }));
      },
    );
  }, inputs);
  useEffect(reload, [reload]);
  return { state, reload };
}
