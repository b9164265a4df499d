/** The page: sign-in, then the header and the view the hash names. */
import { useEffect, useState } from 'preact/hooks';
import { ProblemList, Stamp } from './components.js';
import type { Problem } from './errors.js';
import { useServices } from './hooks.js';
import { useRoute } from './route.js';
import { JobView } from './views/job.js';
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
          <a href="#/">VBM365 sessions</a>
        </h1>
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
        ) : (
          <TimelineView />
        )}
      </main>
    </div>
  );
}
