// Loads data for a view: one call per change of its inputs, the last answer kept while a reload
// runs, and answers that arrive after a newer call started are dropped. And runs a view's
// changes (create, revoke, reset), keeping the last one's error to show.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "./api.ts";

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
        setState((previous) => ({
          status: "error",
          error: toApiError(error),
          data: previous.data,
        }));
      },
    );
  }, inputs);
  useEffect(reload, [reload]);
  return { state, reload };
}

/**
 * `run(action)` clears the last error, runs the action, then calls `onDone`; it resolves to
 * whether the action worked, and keeps its error for the view when not.
 */
export function useAction(onDone: () => void = () => {}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    setBusy(true);
    try {
      await action();
      onDone();
      return true;
    } catch (caught: unknown) {
      setError(toApiError(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}
