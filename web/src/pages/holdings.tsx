import { useState } from 'preact/hooks';
import { api, withQuery, type ApiError } from '../api';
import type { SessionUser, SnapshotPage, UploadResult } from '../api-types';
import { Loading, Problem, Select, ColumnHeaders } from '../components/common';
import { count, instant } from '../format';
import { useAction, useApi, usePortfolios, useTitle } from '../hooks';
import { navigate, useLocation } from '../router';
import { canAct } from '../session';

/** A portfolio's snapshots, and (for officers) the upload of a new one with every row problem the file has. */
export function HoldingsPage({ user }: { user: SessionUser }) {
  useTitle('Holdings');
  const { query } = useLocation();
  const portfolios = usePortfolios().data?.items ?? [];
  const portfolio = query.get('portfolio') ?? portfolios[0]?.code ?? '';
  const chosen = portfolios.find((p) => p.code === portfolio);
  const snapshots = useApi<SnapshotPage>(portfolio ? `/api/portfolios/${portfolio}/snapshots?limit=20` : null);
  return (
    <>
      <h1>Holdings snapshots</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Portfolio"
          value={portfolio}
          options={portfolios.map((p) => ({ value: p.code, label: `${p.code} - ${p.name}` }))}
          onChange={(code) => navigate(withQuery('/holdings', { portfolio: code }))}
        />
      </form>
      {chosen && (
        <p class="muted">
          Base currency of {chosen.code}: {chosen.baseCurrency}. Its exposures, limits and headroom are amounts in {chosen.baseCurrency}, on
          these pages, in the reports and in the emails.
        </p>
      )}
      {portfolio && canAct(user) && <UploadForm key={portfolio} portfolio={portfolio} onUploaded={snapshots.reload} />}
      {portfolio && <Loading {...snapshots}>{(page) => <SnapshotTable portfolio={portfolio} page={page} />}</Loading>}
    </>
  );
}

function UploadForm({ portfolio, onUploaded }: { portfolio: string; onUploaded: () => void }) {
  const [result, setResult] = useState<UploadResult>();
  const { busy, error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    if (!form.get('asOfDate')) form.delete('asOfDate');
    const uploaded = await run(() => api<UploadResult>(`/api/portfolios/${portfolio}/holdings`, { method: 'POST', body: form }));
    setResult(uploaded);
    if (uploaded) onUploaded();
  };
  return (
    <section aria-labelledby="upload">
      <h2 id="upload">Upload holdings for {portfolio}</h2>
      <form class="upload" onSubmit={submit}>
        <label class="field">
          <span>As-of date</span>
          <input type="date" name="asOfDate" />
        </label>
        <label class="field">
          <span>Holdings file</span>
          <input type="file" name="file" accept=".csv,.xlsx,text/csv" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      <p role="status">{result && uploadedText(result)}</p>
      <Problem error={error} labels={{ asOfDate: { label: 'As-of date', hint: 'a date such as 2026-11-30' } }} />
      {error && <RowProblems error={error} />}
    </section>
  );
}

function uploadedText(result: UploadResult): string {
  const stored = result.duplicate
    ? `This file was already uploaded for ${result.asOfDate}: snapshot ${result.snapshotId}, nothing changed.`
    : `Stored ${count(result.rows)} holdings as of ${result.asOfDate} as snapshot ${result.snapshotId} (${count(result.issuersCreated)} new issuers).`;
  const replaced = result.replacesSnapshotId
    ? `It replaces snapshot ${result.replacesSnapshotId} of the same date as the current holdings; that one is kept, for the runs made on it.`
    : '';
  return [stored, replaced, ...result.warnings].filter(Boolean).join(' ');
}

function RowProblems({ error }: { error: ApiError }) {
  if (!error.rows.length) return null;
  return (
    <table>
      <caption>The problems of the file, by line (the header is line 1); nothing was stored</caption>
      <ColumnHeaders names={['Row', 'Column', 'Message']} />
      <tbody>
        {error.rows.map((problem, i) => (
          <tr key={i}>
            <td>{problem.row}</td>
            <td>{problem.column}</td>
            <td>{problem.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SnapshotTable({ portfolio, page }: { portfolio: string; page: SnapshotPage }) {
  if (!page.items.length) return <p>{portfolio} has no holdings yet.</p>;
  return (
    <table>
      <caption>
        Snapshots of {portfolio} ({count(page.total)} in all), newest first: the first is the current holdings
      </caption>
      <ColumnHeaders names={['As of', 'Holdings', 'File', 'Uploaded']} />
      <tbody>
        {page.items.map((s) => (
          <tr key={s.id}>
            <td>{s.asOfDate}</td>
            <td class="amount">{count(s.rows)}</td>
            <td>{s.fileName}</td>
            <td>{instant(s.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
