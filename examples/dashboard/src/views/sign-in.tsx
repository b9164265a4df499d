/** Sign-in with a backup server user name and password (`createToken`). */
import { useState } from 'preact/hooks';
import { ProblemList } from '../components.js';
import type { Problem } from '../errors.js';
import { useServices } from '../hooks.js';

export function SignInView({ ended }: { ended: Problem | undefined }) {
  const { auth } = useServices();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<readonly Problem[]>(ended ? [ended] : []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    const result = await auth.signIn(username, password);
    setBusy(false);
    setPassword('');
    setProblems(result);
  };

  return (
    <form class="sign-in card" onSubmit={(e) => void submit(e)} aria-label="Sign in">
      <h2>Sign in</h2>
      <p class="muted small">With a Veeam Backup for Microsoft 365 user. The token stays in this tab's memory only.</p>
      <label>
        User name
        <input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <ProblemList problems={problems} />
    </form>
  );
}
