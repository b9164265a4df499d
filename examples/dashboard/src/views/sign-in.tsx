/**
 * Sign-in to one or several backup servers at once. Each row names a server (`BackupServer.name`)
 * with its user name and password; all rows go in one `createSession`, and each server's result
 * (signed in, or why not) is shown. The facade lists its servers only to a signed-in session, so
 * the rows start from the server names this browser signed in to last time (names only, kept in
 * localStorage; never a password or token). A single row with no server name signs in to a
 * facade of one server with `createToken`.
 */
import { useState } from 'preact/hooks';
import type { ServerSignIn } from '../auth.js';
import { ProblemList } from '../components.js';
import type { Problem } from '../errors.js';
import { useServices } from '../hooks.js';

const REMEMBERED = 'vbm-dashboard.servers';

interface Row {
  server: string;
  username: string;
  password: string;
}

function remembered(): string[] {
  try {
    const names: unknown = JSON.parse(window.localStorage.getItem(REMEMBERED) ?? '[]');
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && /^[a-z0-9-]{1,32}$/.test(n)).slice(0, 50) : [];
  } catch {
    return [];
  }
}

function remember(names: readonly string[]): void {
  try {
    window.localStorage.setItem(REMEMBERED, JSON.stringify(names));
  } catch {
    // Storage refused (private mode): the rows start empty next time.
  }
}

const emptyRow = (server = ''): Row => ({ server, username: '', password: '' });

export function SignInView({ ended }: { ended: Problem | undefined }) {
  const { auth } = useServices();
  const [rows, setRows] = useState<Row[]>(() => {
    const names = remembered();
    return names.length > 0 ? names.map((name) => emptyRow(name)) : [emptyRow()];
  });
  const [sameUser, setSameUser] = useState(true);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<readonly Problem[]>(ended ? [ended] : []);
  const [results, setResults] = useState<readonly ServerSignIn[]>([]);

  const update = (index: number, patch: Partial<Row>) => setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const credentialOf = (row: Row) => (sameUser ? { ...row, username: rows[0]!.username, password: rows[0]!.password } : row);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    setResults([]);
    const filled = rows.map(credentialOf);
    if (filled.length === 1 && filled[0]!.server.trim() === '') {
      setProblems(await auth.signIn(filled[0]!.username, filled[0]!.password));
    } else {
      const named = filled.filter((row) => row.server.trim() !== '').map((row) => ({ ...row, server: row.server.trim() }));
      remember(named.map((row) => row.server));
      const answer = await auth.signInToServers(named);
      setResults(answer.servers);
      setProblems(answer.problems);
    }
    setBusy(false);
    setRows((all) => all.map((row) => ({ ...row, password: '' })));
  };

  return (
    <form class="sign-in card" onSubmit={(e) => void submit(e)} aria-label="Sign in">
      <h2>Sign in</h2>
      <p class="muted small">
        One row per backup server (its name in the facade's configuration). Leave the server empty on a facade of one server. The session token stays in this
        tab's memory only.
      </p>
      <label class="inline">
        <input type="checkbox" name="sameUser" checked={sameUser} onChange={(e) => setSameUser(e.currentTarget.checked)} /> The same user on every server
      </label>
      {rows.map((row, index) => (
        <fieldset class="server-row" key={index} data-row={index}>
          <label>
            Server
            <input name="server" placeholder="e.g. eu1" value={row.server} onInput={(e) => update(index, { server: e.currentTarget.value })} />
          </label>
          {!sameUser || index === 0 ? (
            <>
              <label>
                User name
                <input name="username" autoComplete="username" required value={row.username} onInput={(e) => update(index, { username: e.currentTarget.value })} />
              </label>
              <label>
                Password
                <input
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={row.password}
                  onInput={(e) => update(index, { password: e.currentTarget.value })}
                />
              </label>
            </>
          ) : null}
          {rows.length > 1 ? (
            <button type="button" class="secondary remove" onClick={() => setRows((all) => all.filter((_, i) => i !== index))}>
              Remove
            </button>
          ) : null}
        </fieldset>
      ))}
      <button type="button" class="secondary" name="addServer" onClick={() => setRows((all) => [...all, emptyRow()])}>
        Add a server
      </button>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <ServerResults results={results} />
      <ProblemList problems={problems} />
    </form>
  );
}

/** Each server's sign-in: signed in, or the reason it failed. */
export function ServerResults({ results }: { results: readonly ServerSignIn[] }) {
  if (results.length === 0) return null;
  return (
    <ul class="server-results">
      {results.map((r) => (
        <li key={r.server} class={`server-result ${r.ok ? 'ok' : 'failed'}`} data-server={r.server} data-ok={String(r.ok)}>
          <span class="server-name">{r.server}</span> {r.ok ? `signed in${r.userName ? ` as ${r.userName}` : ''}` : (r.error ?? 'sign-in failed')}
        </li>
      ))}
    </ul>
  );
}
