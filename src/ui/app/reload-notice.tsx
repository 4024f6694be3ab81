// What a config reload answered, above the current view until dismissed: the changes applied and
// those that need a restart, every problem of a refused reload, or why there is nothing to reload.

import type { ComponentChildren } from "preact";
import type { ApiError } from "./api.ts";
import { ErrorNotice } from "./components/states.tsx";
import type { ConfigProblem, ReloadResult } from "./types.ts";

export type ReloadAnswer =
  | { kind: "reloaded"; result: ReloadResult }
  | { kind: "refused"; message: string; problems: ConfigProblem[] }
  | { kind: "no_file"; message: string }
  | { kind: "failed"; error: ApiError };

export function ReloadNotice({
  answer,
  onDismiss,
}: {
  answer: ReloadAnswer;
  onDismiss: () => void;
}) {
  const dismiss = (
    <button type="button" class="button small dismiss" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if (answer.kind === "reloaded") return <Reloaded result={answer.result}>{dismiss}</Reloaded>;
  if (answer.kind === "refused") return <Refused answer={answer}>{dismiss}</Refused>;
  if (answer.kind === "failed") {
    return (
      <div class="reload-answer" data-outcome="failed">
        <ErrorNotice error={answer.error} />
        {dismiss}
      </div>
    );
  }
  return (
    <div class="notice notice-info reload-answer" role="status" data-outcome="no_file">
      <strong>Nothing to reload</strong>
      <p>{answer.message}.</p>
      <p class="muted">
        Start it with llm-proxy serve -c proxy.config.yaml to reload without a restart.
      </p>
      {dismiss}
    </div>
  );
}

// --- internal ---

function Refused(props: {
  answer: Extract<ReloadAnswer, { kind: "refused" }>;
  children: ComponentChildren;
}) {
  const { problems } = props.answer;
  return (
    <div class="notice notice-error reload-answer" role="alert" data-outcome="refused">
      <strong>Reload refused: the running config is kept.</strong>
      <p title={props.answer.message}>
        {problems.length} problem{problems.length === 1 ? "" : "s"} in the config file:
      </p>
      <ul class="problems">
        {problems.map((problem) => (
          <li key={`${problem.path}:${problem.message}`}>
            <code>{problem.path || "(root)"}</code>: {problem.message}
          </li>
        ))}
      </ul>
      <p class="muted">Correct the config file, then reload again.</p>
      {props.children}
    </div>
  );
}

function Reloaded({ result, children }: { result: ReloadResult; children: ComponentChildren }) {
  const restart = result.restart_needed;
  return (
    <div
      class={`notice ${restart.length > 0 ? "notice-warn" : "notice-ok"} reload-answer`}
      role="status"
      data-outcome="reloaded"
    >
      <strong>
        Config reloaded: version <code>{result.version}</code>
      </strong>
      {result.changes.length === 0 ? (
        <p>Nothing changed.</p>
      ) : (
        <PathList title="Applied" paths={result.changes.map((change) => change.path)} />
      )}
      {restart.length > 0 && <PathList title="Needs a restart (not applied)" paths={restart} />}
      {children}
    </div>
  );
}

function PathList({ title, paths }: { title: string; paths: string[] }) {
  return (
    <p>
      {title}:{" "}
      {paths.map((path, index) => (
        <span key={path}>
          {index > 0 && ", "}
          <code>{path}</code>
        </span>
      ))}
    </p>
  );
}
