// The dashboard: the sign-in screen until a key is accepted, then the navigation (with the
// config's version and a reload button) and the view named by the URL hash (#/overview, ...).

import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import { forgetKey, onUnauthorized, storedKey } from "./api.ts";
import { ConfigStatus } from "./reload-config.tsx";
import { type ReloadAnswer, ReloadNotice } from "./reload-notice.tsx";
import { SignIn } from "./sign-in.tsx";
import { Audit } from "./views/audit.tsx";
import { Overview } from "./views/overview.tsx";
import { Projects } from "./views/projects.tsx";
import { Providers } from "./views/providers.tsx";
import { Traces } from "./views/traces.tsx";
import { Usage } from "./views/usage.tsx";

const views: readonly { path: string; label: string; view: FunctionComponent }[] = [
  { path: "overview", label: "Overview", view: Overview },
  { path: "providers", label: "Providers", view: Providers },
  { path: "projects", label: "Projects and tokens", view: Projects },
  { path: "usage", label: "Usage", view: Usage },
  { path: "traces", label: "Traces", view: Traces },
  { path: "audit", label: "Audit log", view: Audit },
];

export function App() {
  const [signedIn, setSignedIn] = useState(storedKey() !== null);
  const [expired, setExpired] = useState(false);
  useEffect(
    () =>
      onUnauthorized(() => {
        forgetKey();
        setExpired(true);
        setSignedIn(false);
      }),
    [],
  );
  if (!signedIn) return <SignIn expired={expired} onSignedIn={() => setSignedIn(true)} />;
  const signOut = () => {
    forgetKey();
    setExpired(false);
    setSignedIn(false);
  };
  return <Shell onSignOut={signOut} />;
}

// --- internal ---

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const path = useHashPath();
  const [reloaded, setReloaded] = useState<ReloadAnswer | null>(null);
  const current = views.find((view) => view.path === path) ?? views[0];
  const View = current?.view ?? Overview;
  return (
    <div class="shell">
      <nav class="sidebar" aria-label="Views">
        <div class="brand">llm-proxy</div>
        {views.map((view) => (
          <a
            key={view.path}
            href={`#/${view.path}`}
            aria-current={view === current ? "page" : undefined}
          >
            {view.label}
          </a>
        ))}
        <div class="sidebar-footer">
          <ConfigStatus onAnswer={setReloaded} />
          <button type="button" class="button sign-out" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main class="content">
        {reloaded && <ReloadNotice answer={reloaded} onDismiss={() => setReloaded(null)} />}
        <View key={current?.path} />
      </main>
    </div>
  );
}

function useHashPath(): string {
  const read = () => location.hash.replace(/^#\/?/, "");
  const [path, setPath] = useState(read);
  useEffect(() => {
    const changed = () => setPath(read());
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return path;
}
