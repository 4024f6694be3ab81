// The sidebar's config line: the running config's version and load time (GET /config), and a
// "Reload config" button (POST /admin/reload) whose answer the shell shows above the view.

import { useState } from "preact/hooks";
import { api, toApiError } from "./api.ts";
import { formatTime } from "./format.ts";
import type { ReloadAnswer } from "./reload-notice.tsx";
import type { ConfigInfo, ConfigProblem, ReloadResult } from "./types.ts";
import { useLoad } from "./use-load.ts";

export function ConfigStatus({ onAnswer }: { onAnswer: (answer: ReloadAnswer) => void }) {
  const { state, reload } = useLoad(() => api<ConfigInfo>("GET", "/config"), []);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const answer = await reloadConfig();
    setBusy(false);
    onAnswer(answer);
    if (answer.kind === "reloaded") reload();
  };
  const info = state.data;
  const unknown = state.status === "error" ? "–" : "…";
  return (
    <div class="config-status">
      <button type="button" class="button reload-config" disabled={busy} onClick={run}>
        {busy ? "Reloading…" : "Reload config"}
      </button>
      {/* always two lines, so the buttons above do not move when the answer arrives */}
      <div class="muted small" data-part="config-version" title={info?.loaded_at}>
        config <code>{info?.version ?? unknown}</code>
        <br />
        loaded {info ? formatTime(info.loaded_at) : unknown}
      </div>
    </div>
  );
}

// --- internal ---

async function reloadConfig(): Promise<ReloadAnswer> {
  try {
    return { kind: "reloaded", result: await api<ReloadResult>("POST", "/admin/reload") };
  } catch (caught: unknown) {
    const error = toApiError(caught);
    if (error.status === 400) {
      return { kind: "refused", message: error.message, problems: problemsOf(error.data) };
    }
    if (error.status === 409) return { kind: "no_file", message: error.message };
    return { kind: "failed", error };
  }
}

/** The `problems` of a refused reload: [{path, message}] (DESIGN.md, reload without restart). */
function problemsOf(data: unknown): ConfigProblem[] {
  if (typeof data !== "object" || data === null || !("problems" in data)) return [];
  const { problems } = data;
  if (!Array.isArray(problems)) return [];
  return problems.map((problem: unknown) => {
    const { path, message } = (problem ?? {}) as Record<string, unknown>;
    return { path: typeof path === "string" ? path : "", message: String(message ?? "") };
  });
}
