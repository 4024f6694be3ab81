// Traces: the newest requests with filters (window, status, model, provider), and one trace
// opened in full. Everything a trace holds is shown as text, never as HTML.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { Badge, Choice, Page } from "../components/page.tsx";
import { Empty, LoadedView } from "../components/states.tsx";
import { formatMs, formatTime } from "../format.ts";
import type { Trace, TraceSummary } from "../types.ts";
import { useLoad } from "../use-load.ts";
import { TraceDetail } from "./trace-detail.tsx";

type Filters = { since: string; status: "" | "ok" | "error"; model: string; provider: string };
const statuses = [
  { value: "", label: "All" },
  { value: "ok", label: "OK" },
  { value: "error", label: "Errors" },
] as const;
const windows = [
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const;

export function Traces() {
  const [filters, setFilters] = useState<Filters>({
    since: "24h",
    status: "",
    model: "",
    provider: "",
  });
  const [openId, setOpenId] = useState<string | null>(null);
  const query = new URLSearchParams({ since: filters.since, limit: "100" });
  for (const key of ["status", "model", "provider"] as const)
    if (filters[key]) query.set(key, filters[key]);
  const { state, reload } = useLoad(
    () => api<{ traces: TraceSummary[] }>("GET", `/admin/traces?${query}`),
    [query.toString()],
  );
  return (
    <Page
      title="Traces"
      description="Recorded requests and answers, newest first (headers redacted)."
      actions={<FilterBar filters={filters} onChange={setFilters} onOpen={setOpenId} />}
    >
      {openId && <OpenTrace id={openId} onClose={() => setOpenId(null)} />}
      <LoadedView state={state} onRetry={reload}>
        {(data) =>
          data.traces.length === 0 ? (
            <Empty title="No traces match">
              Widen the window or clear the filters. Traces are written when traces.enabled is true
              and the sink is sqlite.
            </Empty>
          ) : (
            <TraceList traces={data.traces} openId={openId} onOpen={setOpenId} />
          )
        }
      </LoadedView>
    </Page>
  );
}

// --- internal ---

function FilterBar(props: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  onOpen: (id: string) => void;
}) {
  const { filters, onChange } = props;
  const [draft, setDraft] = useState({ model: filters.model, provider: filters.provider, id: "" });
  const apply = (event: Event) => {
    event.preventDefault();
    if (draft.id.trim()) props.onOpen(draft.id.trim());
    else onChange({ ...filters, model: draft.model.trim(), provider: draft.provider.trim() });
  };
  const text = (key: keyof typeof draft, placeholder: string) => (
    <input
      name={key}
      aria-label={placeholder}
      placeholder={placeholder}
      value={draft[key]}
      onInput={(event) => setDraft({ ...draft, [key]: event.currentTarget.value })}
    />
  );
  return (
    <form class="filter-bar" onSubmit={apply}>
      <Choice
        label="Status"
        value={filters.status}
        options={statuses}
        onChange={(status) => onChange({ ...filters, status })}
      />
      <WindowSelect value={filters.since} onChange={(since) => onChange({ ...filters, since })} />
      {text("model", "model")}
      {text("provider", "provider")}
      {text("id", "trace or request id")}
      <button type="submit" class="button">
        Apply
      </button>
    </form>
  );
}

function WindowSelect(props: { value: string; onChange: (since: string) => void }) {
  return (
    <select
      aria-label="Window"
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    >
      {windows.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function TraceList(props: {
  traces: TraceSummary[];
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  return (
    <table class="table clickable">
      <thead>
        <tr>
          {["Time", "Status", "Request", "Model", "Provider"].map((label) => (
            <th key={label}>{label}</th>
          ))}
          <th class="number">Duration</th>
        </tr>
      </thead>
      <tbody>
        {props.traces.map((trace) => (
          <TraceRow
            key={trace.id}
            trace={trace}
            open={trace.id === props.openId}
            onOpen={() => props.onOpen(trace.id)}
          />
        ))}
      </tbody>
    </table>
  );
}

function TraceRow(props: { trace: TraceSummary; open: boolean; onOpen: () => void }) {
  const { trace } = props;
  return (
    <tr
      data-trace={trace.id}
      class={props.open ? "selected" : ""}
      tabIndex={0}
      onClick={props.onOpen}
      onKeyDown={(event) => event.key === "Enter" && props.onOpen()}
    >
      <td class="nowrap">{formatTime(trace.time)}</td>
      <td>
        <Badge tone={trace.status < 400 ? "ok" : "bad"}>{trace.status}</Badge>
      </td>
      <td>
        {trace.method} <code>{trace.path}</code>
      </td>
      <td>{trace.model ?? "–"}</td>
      <td>{trace.provider ?? "–"}</td>
      <td class="number">{formatMs(trace.duration_ms)}</td>
    </tr>
  );
}

function OpenTrace({ id, onClose }: { id: string; onClose: () => void }) {
  const { state, reload } = useLoad(
    () => api<Trace>("GET", `/admin/traces/${encodeURIComponent(id)}`),
    [id],
  );
  return (
    <LoadedView state={state} onRetry={reload}>
      {(trace) => <TraceDetail trace={trace} onClose={onClose} />}
    </LoadedView>
  );
}
