// Usage: requests, tokens, errors and cost (with the requests no price covered) by project,
// token, model or provider over a chosen window, with a CSV export of what is shown.

import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { Choice, Page } from "../components/page.tsx";
import { Empty, LoadedView } from "../components/states.tsx";
import { downloadText, toCsv } from "../csv.ts";
import type { UsageRow } from "../types.ts";
import { useLoad } from "../use-load.ts";
import { type Grouping, groupings, UsageTable } from "./usage-table.tsx";

const windows = [
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
] as const;
type Window = (typeof windows)[number]["value"];

/** The CSV's columns after the grouping one, in the API's names. */
const csvColumns = [
  "requests",
  "input_tokens",
  "output_tokens",
  "errors",
  "cost_usd",
  "unpriced_requests",
] as const;

export function Usage() {
  const [by, setBy] = useState<Grouping>("project");
  const [since, setSince] = useState<Window>("24h");
  const { state, reload } = useLoad(
    () => api<{ usage: UsageRow[] }>("GET", `/admin/usage?since=${since}&by=${by}`),
    [by, since],
  );
  const rows = state.data?.usage ?? [];
  const exportCsv = () =>
    downloadText(`llm-proxy-usage-by-${by}-${since}.csv`, toCsv([by, ...csvColumns], rows));
  const actions = (
    <>
      <Choice label="Group by" value={by} options={groupings} onChange={setBy} />
      <Choice label="Window" value={since} options={windows} onChange={setSince} />
      <button type="button" class="button export-csv" disabled={!rows.length} onClick={exportCsv}>
        Export CSV
      </button>
    </>
  );
  return (
    <Page
      title="Usage"
      description="What each project, token, model or provider used and cost."
      actions={actions}
    >
      <LoadedView state={state} onRetry={reload}>
        {(data) =>
          data.usage.length === 0 ? (
            <Empty title="No usage in this window">
              Requests appear here once they finish; try a longer window.
            </Empty>
          ) : (
            <UsageTable by={by} rows={data.usage} />
          )
        }
      </LoadedView>
    </Page>
  );
}
