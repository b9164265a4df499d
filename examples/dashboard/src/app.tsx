/** The page: sign-in, then the header and the view the hash names. */
import { useEffect, useState } from 'preact/hooks';
import { ProblemList, Stamp } from './components.js';
import type { Problem } from './errors.js';
import { useServices } from './hooks.js';
import { href, useRoute, type Route } from './route.js';
import { AlertBadge, AlertsView } from './views/alerts.js';
import { InfrastructureView } from './views/infrastructure.js';
import { JobView } from './views/job.js';
import { ProtectionView } from './views/protection.js';
import { RestoreAuditView } from './views/restore-audit.js';
import { SessionView } from './views/session.js';
import { SignInView } from './views/sign-in.js';
import { TimelineView } from './views/timeline.js';

export function App() {
  const { auth } = useServices();
  const [signedIn, setSignedIn] = useState(() => auth.current());
  const [signOutProblems, setSignOutProblems] = useState<readonly Problem[]>([]);
  useEffect(() => auth.subscribe(() => setSignedIn(auth.current())), [auth]);
  const route = useRoute();

  return (
    <div class="app">
      <header class="top">
        <h1>
          <a href="#/">VBM365 dashboard</a>
        </h1>
        {signedIn ? <Navigation route={route} /> : null}
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
        ) : route.view === 'session' ? (
          <SessionView key={`${route.id}`} id={route.id} itemId={route.itemId} />
        ) : route.view === 'job' ? (
          <JobView key={route.id} id={route.id} />
        ) : route.view === 'infrastructure' ? (
          <InfrastructureView />
        ) : route.view === 'protection' ? (
          <ProtectionView />
        ) : route.view === 'restore-audit' ? (
          <RestoreAuditView id={route.id} />
        ) : route.view === 'alerts' ? (
          <AlertsView />
        ) : (
          <TimelineView />
        )}
      </main>
    </div>
  );
}

const LINKS: readonly { readonly label: string; readonly href: string; readonly views: readonly Route['view'][] }[] = [
  { label: 'Sessions', href: href.timeline(), views: ['timeline', 'session', 'job'] },
  { label: 'Infrastructure', href: href.infrastructure(), views: ['infrastructure'] },
  { label: 'Protection', href: href.protection(), views: ['protection'] },
  { label: 'Restore audit', href: href.restores(), views: ['restore-audit'] },
  { label: 'Alerts', href: href.alerts(), views: ['alerts'] },
];

function Navigation({ route }: { route: Route }) {
  return (
    <nav class="nav" aria-label="Views">
      {LINKS.map((link) => (
        <a key={link.href} href={link.href} class={link.views.includes(route.view) ? 'current' : undefined} aria-current={link.views.includes(route.view) ? 'page' : undefined}>
          {link.label}
          {link.views.includes('alerts') ? <AlertBadge /> : null}
        </a>
      ))}
    </nav>
  );
}
