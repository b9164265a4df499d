/** The page: sign-in, then the header and the view the hash names. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { heldServers } from './scope.js';
import { ProblemList, Stamp } from './components.js';
import type { Problem } from './errors.js';
import { ScopeContext, useServices, type Scope } from './hooks.js';
import { href, useRoute, type Route } from './route.js';
import { AllServersView } from './views/all-servers.js';
import { AlertBadge, AlertsView } from './views/alerts.js';
import { InfrastructureView } from './views/infrastructure.js';
import { JobView } from './views/job.js';
import { ProtectionView } from './views/protection.js';
import { RestoreAuditView } from './views/restore-audit.js';
import { SessionView } from './views/session.js';
import { ServerResults, SignInView } from './views/sign-in.js';
import { TimelineView } from './views/timeline.js';

export function App() {
  const { auth } = useServices();
  const [signedIn, setSignedIn] = useState(() => auth.current());
  const [signOutProblems, setSignOutProblems] = useState<readonly Problem[]>([]);
  useEffect(() => auth.subscribe(() => setSignedIn(auth.current())), [auth]);
  const route = useRoute();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const held = heldServers(signedIn);
  const heldKey = held.join(',');
  const scope = useMemo<Scope>(
    () => ({ held, picked: picked !== undefined && held.includes(picked) ? picked : undefined, pick: setPicked }),
    // `heldKey` stands for `held`.
    [heldKey, picked],
  );
  const several = held.length > 1;
  // A link to a server's infrastructure (an alert's) picks that server.
  useEffect(() => {
    if (route.view === 'infrastructure' && route.server !== undefined) setPicked(route.server);
  }, [route]);

  return (
    <ScopeContext.Provider value={scope}>
    <div class="app">
      <header class="top">
        <h1>
          <a href="#/">VBM365 dashboard</a>
        </h1>
        {signedIn ? <Navigation route={route} several={several} /> : null}
        {signedIn && held.length > 0 ? <ServerPicker scope={scope} /> : null}
        {signedIn ? (
          <div class="who">
            <span>
              Signed in as <strong class="user-name">{signedIn.userName}</strong>
            </span>
            <span class="muted small">
              token until <Stamp value={signedIn.expiresAt} />
            </span>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                void auth.signOut().then(setSignOutProblems);
              }}
            >
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      {signedIn?.kind === 'session' ? (
        <div class="session-servers">
          <ServerResults results={signedIn.servers} />
        </div>
      ) : null}
      <main>
        {signOutProblems.some((p) => p.code === 'NOT_SUPPORTED_BY_SERVER') ? (
          <p class="notice">
            Signed out of this page. This backup server cannot revoke tokens, so the old token stays valid until it expires.
          </p>
        ) : (
          <ProblemList problems={signOutProblems} context="Sign-out" />
        )}
        {!signedIn ? (
          <SignInView ended={auth.endedBecause()} />
        ) : route.view === 'servers' || (route.view === 'home' && several) ? (
          <AllServersView />
        ) : route.view === 'session' ? (
          <SessionView key={`${route.server ?? ''}/${route.id}`} id={route.id} itemId={route.itemId} server={route.server} />
        ) : route.view === 'job' ? (
          <JobView key={`${route.server ?? ''}/${route.id}`} id={route.id} server={route.server} />
        ) : route.view === 'infrastructure' ? (
          <InfrastructureView />
        ) : route.view === 'protection' ? (
          <ProtectionView />
        ) : route.view === 'restore-audit' ? (
          <RestoreAuditView id={route.id} server={route.server} />
        ) : route.view === 'alerts' ? (
          <AlertsView />
        ) : (
          <TimelineView />
        )}
      </main>
    </div>
    </ScopeContext.Provider>
  );
}

const LINKS: readonly { readonly label: string; readonly href: string; readonly views: readonly Route['view'][] }[] = [
  { label: 'All servers', href: href.servers(), views: ['servers'] },
  { label: 'Sessions', href: href.timeline(), views: ['timeline', 'session', 'job'] },
  { label: 'Infrastructure', href: href.infrastructure(), views: ['infrastructure'] },
  { label: 'Protection', href: href.protection(), views: ['protection'] },
  { label: 'Restore audit', href: href.restores(), views: ['restore-audit'] },
  { label: 'Alerts', href: href.alerts(), views: ['alerts'] },
];

function Navigation({ route, several }: { route: Route; several: boolean }) {
  // `#/` is the All servers page with several servers, the sessions with one.
  const current: Route['view'] = route.view === 'home' ? (several ? 'servers' : 'timeline') : route.view;
  return (
    <nav class="nav" aria-label="Views">
      {LINKS.filter((link) => several || !link.views.includes('servers')).map((link) => (
        <a key={link.href} href={link.href} class={link.views.includes(current) ? 'current' : undefined} aria-current={link.views.includes(current) ? 'page' : undefined}>
          {link.label}
          {link.views.includes('alerts') ? <AlertBadge /> : null}
        </a>
      ))}
    </nav>
  );
}

/** All servers, or one: the `servers:` of the lists and the `server:` of lookups without one in their link. */
function ServerPicker({ scope }: { scope: Scope }) {
  return (
    <label class="server-picker">
      <span class="muted small">Server</span>
      <select name="server" value={scope.picked ?? ''} onChange={(e) => scope.pick(e.currentTarget.value || undefined)}>
        <option value="">All servers</option>
        {scope.held.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
