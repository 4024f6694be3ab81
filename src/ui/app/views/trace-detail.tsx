// One trace in full: its summary, both sides' headers and bodies, and a stream's reassembled
// text. Bodies are model and client text: they are rendered as text nodes only.

import { Badge } from "../components/page.tsx";
import { formatMs, formatTime, prettyBody } from "../format.ts";
import type { Trace } from "../types.ts";

export function TraceDetail({ trace, onClose }: { trace: Trace; onClose: () => void }) {
  return (
    <article class="panel trace-detail" aria-label={`Trace ${trace.id}`}>
      <header class="panel-header">
        <h2>
          {trace.method} <code>{trace.path}</code>{" "}
          <Badge tone={trace.status < 400 ? "ok" : "bad"}>{trace.status}</Badge>
        </h2>
        <button type="button" class="button" onClick={onClose}>
          Close
        </button>
      </header>
      <TraceFacts trace={trace} />
      {trace.truncated && <p class="muted">A body was cut at traces.max_body.</p>}
      <div class="trace-sides">
        <Side title="Request" headers={trace.request_headers} body={trace.request_body} />
        <Side
          title="Response"
          headers={trace.response_headers}
          body={trace.response_body}
          text={trace.response_text}
        />
      </div>
    </article>
  );
}

// --- internal ---

function TraceFacts({ trace }: { trace: Trace }) {
  return (
    <dl class="facts">
      <dt>Time</dt>
      <dd>{formatTime(trace.time)}</dd>
      <dt>Duration</dt>
      <dd>{formatMs(trace.duration_ms)}</dd>
      <dt>Model</dt>
      <dd>{trace.model ?? "–"}</dd>
      <dt>Provider</dt>
      <dd>{trace.provider ?? "–"}</dd>
      <dt>Trace id</dt>
      <dd>
        <code>{trace.id}</code>
      </dd>
      <dt>Request id</dt>
      <dd>
        <code>{trace.request_id}</code>
      </dd>
      <dt>Session</dt>
      <dd>{trace.session_id ?? "–"}</dd>
    </dl>
  );
}

function Side(props: {
  title: string;
  headers: Record<string, string> | null;
  body: string | null;
  text?: string | null;
}) {
  return (
    <section>
      <h3>{props.title}</h3>
      <Headers headers={props.headers} />
      {props.text !== undefined && props.text !== null && (
        <>
          <h4>Streamed text (reassembled)</h4>
          <pre class="body" data-part="response-text">
            {props.text}
          </pre>
        </>
      )}
      <h4>Body</h4>
      {props.body === null ? (
        <p class="muted">Not recorded (traces.include_body is off, or there was none).</p>
      ) : (
        <pre class="body" data-part={`${props.title.toLowerCase()}-body`}>
          {prettyBody(props.body)}
        </pre>
      )}
    </section>
  );
}

function Headers({ headers }: { headers: Record<string, string> | null }) {
  if (headers === null)
    return <p class="muted">Headers not recorded (traces.include_headers is off).</p>;
  return (
    <table class="table compact headers">
      <tbody>
        {Object.entries(headers).map(([name, value]) => (
          <tr key={name}>
            <th>{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
