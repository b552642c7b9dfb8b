import { withQuery } from '../api';
import type { Capacity, Deal, DealPage, Exposure, Exposures, SessionUser, SnapshotPage } from '../api-types';
import { codes, ColumnHeaders, Loading, Name, Select } from '../components/common';
import { count, limitBasis, money, pct, probability } from '../format';
import { useApi, usePortfolios, useScenarios, useTitle } from '../hooks';
import { navigate, useLocation } from '../router';
import { canAct } from '../session';
import { PreTradeCheck } from '../components/pre-trade';

const DEALS_SHOWN = 10;

/** Headroom per family and aggregate under a chosen scenario, and what each upcoming deal may add. */
export function HeadroomPage({ user }: { user: SessionUser }) {
  useTitle('Headroom');
  const { query } = useLocation();
  const portfolios = usePortfolios().data?.items ?? [];
  const scenarios = useScenarios().data?.items ?? [];
  const portfolio = query.get('portfolio') ?? portfolios[0]?.code ?? '';
  const scenario = query.get('scenario') ?? 'base';
  const snapshots = useApi<SnapshotPage>(portfolio ? `/api/portfolios/${portfolio}/snapshots?limit=1` : null);
  const held = (snapshots.data?.total ?? 0) > 0;
  const exposures = useApi<Exposures>(held ? withQuery(`/api/portfolios/${portfolio}/exposures`, { scenario }) : null);
  const show = (changes: { portfolio?: string; scenario?: string }) =>
    navigate(withQuery('/headroom', { portfolio, scenario, ...changes }));
  return (
    <>
      <h1>Headroom against the limits</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Portfolio"
          value={portfolio}
          options={portfolios.map((p) => ({ value: p.code, label: `${p.code} - ${p.name}` }))}
          onChange={(code) => show({ portfolio: code })}
        />
        <Select
          label="Scenario"
          value={scenario}
          options={codes(scenarios.map((s) => s.name))}
          onChange={(name) => show({ scenario: name })}
        />
      </form>
      {snapshots.data && !held && <p>{portfolio} has no holdings yet: upload them on the Holdings page.</p>}
      {held && (
        <Loading {...exposures}>
          {(data) => (
            <>
              <ExposureTable
                scope="Family"
                portfolio={data.portfolio}
                currency={data.currency}
                items={data.items.filter((i) => i.scopeKey.startsWith('family:'))}
                caption={`Issuer families of ${data.portfolio}: today, the holdings as of ${data.asOfDate} against each limit in force; ahead, the ${data.scenario} scenario over ${data.horizonMonths} months`}
              />
              <ExposureTable
                scope="Aggregate"
                portfolio={data.portfolio}
                currency={data.currency}
                items={data.items.filter((i) => !i.scopeKey.startsWith('family:'))}
                caption={`Sectors, NAIC ranges and groups of ${data.portfolio}, measured the same way (as of ${data.asOfDate}, ${data.scenario} scenario)`}
              />
              {canAct(user) && <PreTradeCheck portfolio={data.portfolio} currency={data.currency} scenario={data.scenario} />}
              <Deals portfolio={data.portfolio} asOfDate={data.asOfDate} />
            </>
          )}
        </Loading>
      )}
    </>
  );
}

interface ExposureTableProps {
  scope: string;
  items: Exposure[];
  caption: string;
  portfolio: string;
  currency: string;
}

function ExposureTable({ scope, items, caption, portfolio, currency }: ExposureTableProps) {
  if (!items.length) return null;
  const sorted = [...items].sort((a, b) => b.utilizationPct - a.utilizationPct);
  return (
    <table>
      <caption>{caption}, the most used first</caption>
      <ColumnHeaders names={[scope, 'Exposure', 'Limit', 'Headroom', 'Utilization', 'Lowest headroom ahead', 'Projected breach']} />
      <tbody>
        {sorted.map((item) => (
          <ExposureRow key={`${item.limitId}|${item.scopeKey}`} item={item} portfolio={portfolio} currency={currency} />
        ))}
      </tbody>
    </table>
  );
}

function ExposureRow({ item, portfolio, currency }: { item: Exposure; portfolio: string; currency: string }) {
  const amount = (value: number) => money(value, currency);
  const lowest = item.months.reduce((low, m) => (m.headroom < low.headroom ? m : low), item.months[0]);
  // An aggregate that counts nothing today or ahead is a scope that names nothing held (a sector "Tech" for "Technology"), not a cap.
  const coversNothing = !item.scopeKey.startsWith('family:') && item.exposure === 0 && item.months.every((m) => m.exposure === 0);
  return (
    <tr>
      <th scope="row">
        <Name name={item.scope} />
        {coversNothing && (
          <span class="problem note"> Covers nothing {portfolio} holds or expects: check the spelling of the limit's scope.</span>
        )}
      </th>
      <td class="amount">{amount(item.exposure)}</td>
      <td>
        {amount(item.limit)}
        {limitBasis(item, currency)}{' '}
        <span class="muted note">
          {item.limitName}
          {item.source && ` (${item.source})`}
        </span>
      </td>
      <td class="amount">{amount(item.headroom)}</td>
      <td class="amount">{pct(item.utilizationPct)}</td>
      <td>{lowest ? `${amount(lowest.headroom)} on ${lowest.date}` : ''}</td>
      <td>
        {item.status === 'BREACH'
          ? 'Over the limit today'
          : item.projectedBreachDate
            ? `${item.projectedBreachDate}${item.breachProbability === null ? '' : `, ${probability(item.breachProbability)} likely`}`
            : 'None'}
      </td>
    </tr>
  );
}

function Deals({ portfolio, asOfDate }: { portfolio: string; asOfDate: string }) {
  const deals = useApi<DealPage>('/api/issuance/deals?limit=1000');
  return (
    <section aria-labelledby="deals">
      <h2 id="deals">Upcoming deals</h2>
      <Loading {...deals}>
        {(page) => {
          const upcoming = page.items.filter((d) => d.expectedDate > asOfDate);
          if (!upcoming.length) return <p>No deal is expected after {asOfDate}.</p>;
          return (
            <table>
              <caption>
                The next {Math.min(DEALS_SHOWN, upcoming.length)} of {count(upcoming.length)} deals expected after {asOfDate}. Capacity: the
                most of each deal {portfolio} can take within every limit in force, at every month end of the horizon.
              </caption>
              <ColumnHeaders names={['Issuer', 'Expected', 'Deal size', 'Probability', 'Capacity', 'Binding limit']} />
              <tbody>
                {upcoming.slice(0, DEALS_SHOWN).map((deal) => (
                  <DealRow key={deal.id} deal={deal} portfolio={portfolio} />
                ))}
              </tbody>
            </table>
          );
        }}
      </Loading>
    </section>
  );
}

/** A deal's size is in its own currency; a deal that names none is in USD (SPEC 5.10). */
function dealCurrency(deal: Deal): string {
  return (deal as Deal & { currency?: string }).currency ?? 'USD';
}

function DealRow({ deal, portfolio }: { deal: Deal; portfolio: string }) {
  const capacity = useApi<Capacity>(withQuery(`/api/issuance/deals/${deal.id}/capacity`, { portfolio })).data;
  const binding = capacity?.bindingLimit;
  return (
    <tr>
      <th scope="row">
        <Name name={deal.issuer.name} />
      </th>
      <td>{deal.expectedDate}</td>
      <td class="amount">{money(deal.amount, dealCurrency(deal))}</td>
      <td class="amount">{probability(deal.probability)}</td>
      <td class="amount">{capacity ? money(capacity.maxAllocation, capacity.currency) : '…'}</td>
      <td>
        {binding && `${binding.name} on ${binding.scopeLabel}, ${capacity.bindingMonth}. `}
        <span class="muted note">{capacity?.reason}</span>
      </td>
    </tr>
  );
}
