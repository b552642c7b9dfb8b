import { useState } from 'preact/hooks';
import { post, withQuery } from '../api';
import type { Run, RunDetail, RunPage, SessionUser } from '../api-types';
import { Loading, Pager, Problem, ColumnHeaders } from '../components/common';
import { counted } from '@shared/plural';
import { instant, words } from '../format';
import { useAction, useApi, useTitle } from '../hooks';
import { useLocation } from '../router';
import { canAct } from '../session';

const PAGE_SIZE = 20;

/** The evaluation runs, newest first, each with its reports; officers run one now. */
export function EvaluationsPage({ user }: { user: SessionUser }) {
  useTitle('Evaluations');
  const offset = Number(useLocation().query.get('offset') ?? 0);
  const runs = useApi<RunPage>(withQuery('/api/evaluations', { limit: PAGE_SIZE, offset }));
  return (
    <>
      <h1>Evaluation runs</h1>
      {canAct(user) && <RunNow onRun={runs.reload} />}
      <Loading {...runs}>
        {(page) => (
          <>
            <RunTable runs={page.items} />
            <Pager total={page.total} offset={offset} limit={PAGE_SIZE} href={(next) => withQuery('/evaluations', { offset: next })} />
          </>
        )}
      </Loading>
    </>
  );
}

function RunNow({ onRun }: { onRun: () => void }) {
  const [done, setDone] = useState('');
  const { busy, error, run } = useAction();
  const start = async () => {
    const finished = await run(() => post<RunDetail>('/api/evaluations'));
    setDone(finished ? `Run ${finished.id}: ${found(finished)}` : '');
    if (finished) onRun();
  };
  return (
    <section class="actions" aria-label="Run an evaluation">
      <p>
        Evaluates every portfolio under every scenario now, as the scheduler does.{' '}
        <button type="button" disabled={busy} onClick={start}>
          Run evaluation
        </button>
      </p>
      {busy && <p class="muted">Running…</p>}
      <p role="status">{done}</p>
      <Problem error={error} />
    </section>
  );
}

function found(run: Run): string {
  const c = run.counts;
  if (!c) return run.error ?? '';
  const what = `${counted(c.breaches, 'breach', 'breaches')} and ${counted(c.warnings, 'warning')} in ${counted(c.portfolios, 'portfolio')}`;
  return `${what}; ${c.opened} opened, ${c.resolved} resolved; ${counted(c.emails, 'digest email')}`;
}

function RunTable({ runs }: { runs: Run[] }) {
  if (!runs.length) return <p>No evaluation has run yet.</p>;
  return (
    <table>
      <caption>Evaluation runs, newest first: what each found over today and every scenario</caption>
      <ColumnHeaders names={['Run', 'Trigger', 'Started', 'Status', 'Found', 'Reports']} />
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.id}</th>
            <td>{words(r.trigger)}</td>
            <td>{instant(r.startedAt)}</td>
            <td>{words(r.status)}</td>
            <td>{found(r)}</td>
            <td>
              {r.status === 'SUCCEEDED' && (
                <span class="reports">
                  <a href={`/api/evaluations/${r.id}/report?format=html`}>Report (HTML)</a>
                  <a href={`/api/evaluations/${r.id}/report?format=csv`}>Report (CSV)</a>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
