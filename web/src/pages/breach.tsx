import { withQuery } from '../api';
import type { BreachDetail, Breakdown, BreachEvent, Exposure, Exposures, SessionUser } from '../api-types';
import { ColumnHeaders, Loading, Money, Name, plainName } from '../components/common';
import { instant, money, pct, probability, shown, words } from '../format';
import { useApi, useTitle, type Loaded } from '../hooks';
import { canAct } from '../session';
import { exposureChart, type ExposureChartInput } from '@shared/exposure-chart';
import { BreachActions } from '../components/breach-actions';

/** A breach (the target of the digest emails' links): its figures, chart, actions, history and the lots behind it. */
export function BreachPage({ id, user }: { id: number; user: SessionUser }) {
  useTitle(`Breach ${id}`);
  const detail = useApi<BreachDetail>(`/api/breaches/${id}`);
  const breach = detail.data;
  const exposures = useApi<Exposures>(
    breach?.breakdown?.snapshotId
      ? withQuery(`/api/portfolios/${breach.portfolio}/exposures`, { scenario: breach.scenario ?? 'base' })
      : null,
  );
  return (
    <Loading {...detail}>
      {(breach) => (
        <>
          <h1>
            <Name name={breach.scope.label} />
          </h1>
          <p class="lede">
            Portfolio {breach.portfolio}, limit “{breach.limit?.name ?? breach.limitId}”
            {breach.limit?.source && ` (${breach.limit.source})`},{' '}
            {breach.kind === 'CURRENT' ? 'today' : `projected under the ${breach.scenario} scenario`}
          </p>
          <Figures breach={breach} />
          <Chart breach={breach} exposures={exposures} />
          {canAct(user) && <BreachActions breach={breach} user={user} onChange={detail.set} />}
          <History events={breach.history} />
          {breach.breakdown && <Lots breakdown={breach.breakdown} currency={breach.currency} asOfDate={exposures.data?.asOfDate} />}
        </>
      )}
    </Loading>
  );
}

function Figures({ breach }: { breach: BreachDetail }) {
  const at = breach.kind === 'CURRENT' ? 'today' : breach.projectedBreachDate ? `on ${breach.projectedBreachDate}` : 'at its highest month';
  const amount = (value: number) => <Money amount={value} currency={breach.currency} />;
  return (
    <dl class="figures">
      <dt>Status</dt>
      <dd>
        {words(breach.status)}
        {breach.waivedUntil && ` until ${breach.waivedUntil}`}
        {breach.resolution && ` (${words(breach.resolution)})`}
      </dd>
      <dt>Severity</dt>
      <dd>{words(breach.severity)}</dd>
      <dt>Exposure</dt>
      <dd>
        {amount(breach.exposure)} against a limit of {amount(breach.limitAmount)}: {pct(breach.utilizationPct)}, {at}
      </dd>
      {breach.kind === 'PROJECTED' && (
        <>
          <dt>Exposure today</dt>
          <dd>{amount(breach.currentExposure)}</dd>
          <dt>Projected breach</dt>
          <dd>
            {breach.currentExposure > breach.limitAmount ? (
              <>Over the limit today already ({amount(breach.currentExposure)})</>
            ) : breach.projectedBreachDate ? (
              `${breach.projectedBreachDate}${breach.breachProbability === null ? '' : `, ${probability(breach.breachProbability)} likely`}`
            ) : (
              'None within the horizon'
            )}
          </dd>
        </>
      )}
      <dt>Opened</dt>
      <dd>
        {instant(breach.openedAt)}, last seen by evaluation run {breach.lastSeenRunId}
      </dd>
    </dl>
  );
}

function Chart({ breach, exposures }: { breach: BreachDetail; exposures: Loaded<Exposures> }) {
  if (!breach.breakdown?.snapshotId) return <p>The portfolio has no holdings now, so there is no projection to draw.</p>;
  return (
    <Loading {...exposures}>
      {(data) => {
        const item = data.items.find((i) => i.limitId === breach.limitId && i.scopeKey === breach.scope.key);
        if (!item) return <p>The current holdings no longer put {breach.scope.label} under this limit: there is no projection to draw.</p>;
        return (
          <figure class="chart">
            {/* The chart module escapes every text it draws (issuer names included). */}
            <div dangerouslySetInnerHTML={{ __html: exposureChart(chartOf(breach, data, item)) }} />
            <figcaption>
              Exposure of {breach.scope.label} against the “{item.limitName}” limit: the holdings as of {data.asOfDate}, then month by month
              under the {data.scenario} scenario over {data.horizonMonths} months.
            </figcaption>
          </figure>
        );
      }}
    </Loading>
  );
}

function chartOf(breach: BreachDetail, data: Exposures, item: Exposure): ExposureChartInput {
  return {
    title: `${plainName(breach.scope.label)}: exposure against the “${plainName(item.limitName)}” limit, ${data.scenario} scenario, in ${data.currency}`,
    currency: data.currency,
    asOfDate: data.asOfDate,
    today: { exposure: item.exposure, limit: item.limit },
    limit: item.months.map((m) => ({ date: m.date, limit: m.limit })),
    series: [{ label: data.scenario, points: item.months.map((m) => ({ date: m.date, exposure: m.exposure })) }],
    breach: breachMark(item, data.asOfDate),
  };
}

/** Over the limit today: the as-of date is marked, not a projected date that has already come. */
function breachMark(item: Exposure, asOfDate: string): ExposureChartInput['breach'] {
  if (item.status === 'BREACH') return { date: asOfDate, label: `Over the limit today (${asOfDate})` };
  return item.projectedBreachDate ? { date: item.projectedBreachDate, label: `Projected breach ${item.projectedBreachDate}` } : null;
}

function History({ events }: { events: BreachEvent[] }) {
  return (
    <section aria-labelledby="history">
      <h2 id="history">History</h2>
      <ol class="history">
        {events.map((event, i) => (
          <li key={i}>
            <time dateTime={event.at}>{instant(event.at)}</time> {words(event.type)} by {event.actor}
            {event.text && `: ${event.text}`}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Lots({ breakdown, currency, asOfDate }: { breakdown: Breakdown; currency: string; asOfDate: string | undefined }) {
  const amount = (value: number) => money(value, currency);
  // A lot in another currency shows its own amount too, as the holdings file gave it.
  const own = (lot: { currency: string }, value: number) =>
    lot.currency === currency ? null : <span class="original">{` (${money(value, lot.currency)})`}</span>;
  const holdings = asOfDate ? `the holdings as of ${asOfDate}` : 'the current holdings';
  const measure = words(breakdown.measure).toLowerCase();
  return (
    <section aria-labelledby="lots">
      <h2 id="lots">What makes up the exposure</h2>
      <table>
        <caption>
          {shown(breakdown.members.length, breakdown.membersTotal, 'largest', 'issuer')} behind it in {holdings}, by {measure}, largest
          first
        </caption>
        <ColumnHeaders names={['Issuer', 'LEI', 'Exposure']} />
        <tbody>
          {breakdown.members.map((m) => (
            <tr key={m.issuerId}>
              <td>
                <Name name={m.name} />
              </td>
              <td>{m.lei ?? ''}</td>
              <td class="amount">{amount(m.exposure)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>
          {shown(breakdown.lots.length, breakdown.lotsTotal, 'largest', 'lot')} behind it in {holdings}, largest first (CDS protection
          counts negative)
        </caption>
        <ColumnHeaders names={['Row', 'Issuer', 'Type', 'CUSIP', 'Par', 'Market value', 'Maturity', 'NAIC', 'Contribution']} />
        <tbody>
          {breakdown.lots.map((lot) => (
            <tr key={lot.row}>
              <td>{lot.row}</td>
              <td>
                <Name name={lot.issuer} />
              </td>
              <td>{words(lot.assetType)}</td>
              <td>{lot.cusip ?? ''}</td>
              <td class="amount">
                {amount(lot.par)}
                {own(lot, lot.originalPar)}
              </td>
              <td class="amount">
                {amount(lot.marketValue)}
                {own(lot, lot.originalMarketValue)}
              </td>
              <td>{lot.maturityDate ?? ''}</td>
              <td>{lot.naicDesignation ?? ''}</td>
              <td class="amount">{amount(lot.contribution)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
