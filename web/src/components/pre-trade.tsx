import { useState } from 'preact/hooks';
import { post } from '../api';
import type { NewIssuer, Verdict, WhatIf, WhatIfCheck, WhatIfFigures } from '../api-types';
import { codes, ColumnHeaders, Name, Problem, Select, type FieldLabels } from './common';
import { money, pct } from '../format';
import { useAction } from '../hooks';

const VERDICTS: Record<Verdict, string> = { PASS: 'Pass', WARNING: 'Warning', BREACH: 'Breach' };
/** The form's fields in its own words; the amount is in the portfolio's base currency, as the what-if takes it. */
const labels = (currency: string): FieldLabels => ({
  'trades.0.issuer': { label: 'Issuer', hint: "the issuer's name, LEI or CUSIP-6, such as Oracle Corp" },
  'trades.0.marketValue': {
    label: 'Amount',
    hint: `a number such as 50000000 or 1,000,000.50 (${currency}, the portfolio's base currency; no currency sign or M)`,
  },
  'trades.0.side': { label: 'Side', hint: 'Buy or Sell' },
});

/** A trade typed in (issuer, amount, side) checked against every limit before it is placed: POST /api/portfolios/:code/what-if. */
export function PreTradeCheck({ portfolio, currency, scenario }: { portfolio: string; currency: string; scenario: string }) {
  const [issuer, setIssuer] = useState('');
  const [amount, setAmount] = useState('');
  const [side, setSide] = useState('BUY');
  const [result, setResult] = useState<WhatIf>();
  const { busy, error, run } = useAction();
  const check = async (event: Event) => {
    event.preventDefault();
    const trade = { issuer: issuer.trim(), side, marketValue: Number(amount.replaceAll(',', '')) };
    setResult(await run(() => post<WhatIf>(`/api/portfolios/${portfolio}/what-if`, { trades: [trade], scenario })));
  };
  return (
    <section aria-labelledby="pre-trade">
      <h2 id="pre-trade">Pre-trade check</h2>
      <p class="muted">
        The amount is in {currency}, the base currency of {portfolio}, as are the figures before and after the trade.
      </p>
      <form class="filters" aria-label="Pre-trade check" onSubmit={check}>
        <label class="field">
          <span>Issuer</span>
          <input type="text" value={issuer} required onInput={(event) => setIssuer(event.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Amount</span>
          <input type="text" inputMode="decimal" value={amount} required onInput={(event) => setAmount(event.currentTarget.value)} />
        </label>
        <Select label="Side" value={side} options={codes(['BUY', 'SELL'])} onChange={setSide} />
        <button type="submit" disabled={busy}>
          Check trade
        </button>
      </form>
      <Problem error={error} labels={labels(currency)} />
      {result && <WhatIfResult result={result} />}
    </section>
  );
}

function WhatIfResult({ result }: { result: WhatIf }) {
  return (
    <>
      {result.newIssuers.map((issuer) => (
        <p key={issuer.issuer} class="problem" role="alert">
          {unknownIssuer(issuer)}
        </p>
      ))}
      <p role="status">
        Verdict: {VERDICTS[result.verdict]} today, {VERDICTS[result.projectedVerdict]} over {result.horizonMonths} months ({result.scenario}
        )
      </p>
      {result.checks.length ? (
        <table>
          <caption>The limit checks the trade changes, before and after it</caption>
          <ColumnHeaders names={['Scope', 'Limit', 'Before', 'After', 'Projected after']} />
          <tbody>
            {result.checks.map((check) => (
              <WhatIfRow key={`${check.limitId}|${check.scopeKey}`} check={check} currency={result.currency} />
            ))}
          </tbody>
        </table>
      ) : (
        <p>The trade changes no limit check.</p>
      )}
    </>
  );
}

/** Said before the verdict: a misspelt name is checked as a new family and would pass unnoticed. */
function unknownIssuer({ issuer, suggestions }: NewIssuer): string {
  const names = suggestions.map((s) => s.name);
  const nearest = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
  return `${issuer} is not an issuer we hold or expect: ${nearest ? `did you mean ${nearest}?` : 'it is checked as a new family'}`;
}

function figures(f: WhatIfFigures, currency: string): string {
  return `${money(f.exposure, currency)} of ${money(f.limitAmount, currency)}, ${pct(f.utilizationPct)}, ${f.status}`;
}

function WhatIfRow({ check, currency }: { check: WhatIfCheck; currency: string }) {
  const { after } = check;
  return (
    <tr>
      <th scope="row">
        <Name name={check.scopeLabel} />
      </th>
      <td>
        {check.name}
        {check.source && <span class="muted note"> ({check.source})</span>}
      </td>
      <td>{figures(check.before, currency)}</td>
      <td>{figures(after, currency)}</td>
      <td>{after.projectedBreachDate ? `${after.projectedStatus} on ${after.projectedBreachDate}` : after.projectedStatus}</td>
    </tr>
  );
}
