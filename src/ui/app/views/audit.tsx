// Audit log: who changed what and when (projects, tokens, providers, cache), newest first.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { Choice, Page } from "../components/page.tsx";
import { Empty, LoadedView } from "../components/states.tsx";
import { formatTime } from "../format.ts";
import type { AuditEvent } from "../types.ts";
import { useLoad } from "../use-load.ts";

const windows = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "all", label: "All" },
] as const;
type Window = (typeof windows)[number]["value"];

export function Audit() {
  const [since, setSince] = useState<Window>("7d");
  const query = since === "all" ? "limit=500" : `since=${since}&limit=500`;
  const { state, reload } = useLoad(
    () => api<{ events: AuditEvent[] }>("GET", `/admin/audit?${query}`),
    [query],
  );
  return (
    <Page
      title="Audit log"
      description="Every change made through the CLI or this dashboard (the newest 500)."
      actions={<Choice label="Window" value={since} options={windows} onChange={setSince} />}
    >
      <LoadedView state={state} onRetry={reload}>
        {(data) =>
          data.events.length === 0 ? (
            <Empty title="Nothing changed in this window">
              Creating a token or a project writes the first event.
            </Empty>
          ) : (
            <AuditTable events={data.events} />
          )
        }
      </LoadedView>
    </Page>
  );
}

// --- internal ---

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Target</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td class="nowrap">{formatTime(event.at)}</td>
            <td>{event.actor}</td>
            <td>
              <code>{event.action}</code>
            </td>
            <td>{event.target}</td>
            <td class="small details">{event.details ? JSON.stringify(event.details) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
