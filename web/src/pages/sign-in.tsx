import { useState } from 'preact/hooks';
import type { SessionUser } from '../api-types';
import { Problem } from '../components/common';
import { useAction, useTitle } from '../hooks';
import { signIn, signInWithSso, singleSignOnOffered } from '../session';

/** The key is sent once; the browser then keeps only an HttpOnly session cookie (see docs/web.md). */
export function SignIn({ ended, onSignedIn }: { ended: boolean; onSignedIn: (user: SessionUser) => void }) {
  useTitle('Sign in');
  const [key, setKey] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const user = await run(() => signIn(key.trim()));
    if (user) onSignedIn(user);
  };
  return (
    <main class="sign-in">
      <h1>Exposure monitor</h1>
      {ended && <p role="status">Your session has ended: sign in again.</p>}
      <form onSubmit={submit}>
        <label class="field">
          <span>API key</span>
          <input
            class="secret"
            type="text"
            autocomplete="off"
            spellcheck={false}
            required
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <Problem error={error} />
      {singleSignOnOffered() && (
        <section class="sso" aria-label="Single sign-on">
          <p>Or sign in with your company account:</p>
          <button type="button" onClick={signInWithSso}>
            Sign in with SSO
          </button>
        </section>
      )}
      <p class="muted">
        {singleSignOnOffered() ? 'An API key is for machines and administrators. ' : 'Your administrator gives you an API key. '}
        The page keeps the sign-in only as a session that ends after 12 hours or when you sign out.
      </p>
    </main>
  );
}
