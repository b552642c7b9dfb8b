import { useEffect, useState } from 'preact/hooks';
import { onSignedOut } from './api';
import type { SessionUser } from './api-types';
import { BreachPage } from './pages/breach';
import { BreachesPage } from './pages/breaches';
import { EvaluationsPage } from './pages/evaluations';
import { HeadroomPage } from './pages/headroom';
import { HoldingsPage } from './pages/holdings';
import { SignIn } from './pages/sign-in';
import { Link, useLocation } from './router';
import { currentUser, signOut } from './session';

const SECTIONS = [
  { href: '/breaches', label: 'Breaches' },
  { href: '/headroom', label: 'Headroom' },
  { href: '/holdings', label: 'Holdings' },
  { href: '/evaluations', label: 'Evaluations' },
];

export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    onSignedOut(() => {
      setEnded(true);
      setUser(null);
    });
    void currentUser().then(setUser);
  }, []);
  if (user === undefined) return null;
  if (user === null) return <SignIn ended={ended} onSignedIn={setUser} />;
  return <SignedIn user={user} onSignOut={() => void signOut().then(() => setUser(null))} />;
}

function SignedIn({ user, onSignOut }: { user: SessionUser; onSignOut: () => void }) {
  const { path } = useLocation();
  return (
    <>
      <header class="top">
        <p class="brand">Exposure monitor</p>
        <nav aria-label="Main">
          {SECTIONS.map((s) => (
            <Link key={s.href} href={s.href} current={path === s.href || (s.href === '/breaches' && path === '/')}>
              {s.label}
            </Link>
          ))}
        </nav>
        <p class="user">
          {user.email} ({user.role}){' '}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main>
        <Route path={path} user={user} />
      </main>
    </>
  );
}

function Route({ path, user }: { path: string; user: SessionUser }) {
  const breach = /^\/breaches\/(\d+)$/.exec(path);
  if (breach) return <BreachPage id={Number(breach[1])} user={user} />;
  switch (path) {
    case '/':
    case '/breaches':
      return <BreachesPage />;
    case '/headroom':
      return <HeadroomPage user={user} />;
    case '/holdings':
      return <HoldingsPage user={user} />;
    case '/evaluations':
      return <EvaluationsPage user={user} />;
    default:
      return <h1>Nothing here: choose a page above</h1>;
  }
}
