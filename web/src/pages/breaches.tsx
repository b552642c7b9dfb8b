import { withQuery } from '../api';
import type { Breach, BreachGroup, BreachGroupPage } from '../api-types';
import { codes, ColumnHeaders, Loading, Name, Pager, Select } from '../components/common';
import { money, pct, probability, when, words } from '../format';
import { usePortfolios, useScenarios, useTitle, useApi } from '../hooks';
import { Link, navigate, useLocation } from '../router';

const PAGE_SIZE = 50;
const FILTERS = ['status', 'severity', 'kind', 'scenario', 'portfolio'] as const;
type Filter = (typeof FILTERS)[number];

const labelled = (values: string[]) => values.map((value) => ({ value, label: words(value) }));

/** One row per problem (portfolio, limit, scope), its breaches today and under each scenario inside; the filters live in the URL. */
export function BreachesPage() {
  useTitle('Breaches');
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? ''])) as Record<Filter, string>;
  const offset = Number(query.get('offset') ?? 0);
  const groups = useApi<BreachGroupPage>(withQuery('/api/breaches', { groupBy: 'group', ...filters, limit: PAGE_SIZE, offset }));
  const portfolios = usePortfolios().data?.items ?? [];
  const scenarios = useScenarios().data?.items ?? [];
  const show = (changes: Partial<Record<Filter | 'offset', string | number>>) =>
    navigate(withQuery('/breaches', { ...filters, offset: undefined, ...changes }));
  return (
    <>
      <h1>Breaches and warnings</h1>
      <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Status"
          any="Any"
          value={filters.status}
          options={labelled(['OPEN', 'ACKNOWLEDGED', 'WAIVED', 'RESOLVED'])}
          onChange={(status) => show({ status })}
        />
        <Select
          label="Severity"
          any="Any"
          value={filters.severity}
          options={labelled(['BREACH', 'WARNING'])}
          onChange={(severity) => show({ severity })}
        />
        <Select
          label="Kind"
          any="Any"
          value={filters.kind}
          options={labelled(['CURRENT', 'PROJECTED'])}
          onChange={(kind) => show({ kind })}
        />
        <Select
          label="Scenario"
          any="Any"
          value={filters.scenario}
          options={codes(scenarios.map((s) => s.name))}
          onChange={(scenario) => show({ scenario })}
        />
        <Select
          label="Portfolio"
          any="Any"
          value={filters.portfolio}
          options={portfolios.map((p) => ({ value: p.code, label: `${p.code} - ${p.name}` }))}
          onChange={(portfolio) => show({ portfolio })}
        />
      </form>
      <Loading {...groups}>
        {(page) => (
          <>
            <BreachTable groups={page.items} total={page.total} />
            <Pager
              total={page.total}
              offset={offset}
              limit={PAGE_SIZE}
              href={(next) => withQuery('/breaches', { ...filters, offset: next })}
            />
          </>
        )}
      </Loading>
    </>
  );
}

function BreachTable({ groups, total }: { groups: BreachGroup[]; total: number }) {
  if (!groups.length) return <p>No breach matches these filters.</p>;
  return (
    <table>
      <caption>
        {total} {total === 1 ? 'problem' : 'problems'}, each a limit on a family or aggregate of a portfolio, today and under each scenario,
        as the last evaluation run found it. Utilization is exposure against the limit.
      </caption>
      <ColumnHeaders names={['Portfolio', 'Scope', 'Limit', 'Severity', 'Status', 'Utilization', 'Projected breach']} />
      <tbody>
        {groups.map((group) => (
          <GroupRow key={group.groupKey} group={group} />
        ))}
      </tbody>
    </table>
  );
}

/** Every figure of a row is its lead member's, and says its scenario. */
function GroupRow({ group }: { group: BreachGroup }) {
  const lead = leadOf(group.members);
  return (
    <tr>
      <td>{group.portfolio}</td>
      <th scope="row">
        <Link href={`/breaches/${lead.id}`}>
          <Name name={group.scope.label} />
        </Link>
      </th>
      <td>
        {group.limit?.name ?? `Limit ${lead.limitId}`}
        {group.limit?.source && ` (${group.limit.source})`}
      </td>
      <td>
        <span class={`badge ${group.severity.toLowerCase()}`}>{words(group.severity)}</span>
      </td>
      <td>{words(group.status)}</td>
      <td>
        {pct(lead.utilizationPct)} of {money(lead.limitAmount, lead.currency)} {when(lead)}
      </td>
      <td>{projectedBreach(lead)}</td>
    </tr>
  );
}

/** The member a row stands for: today's breach when it is over the limit already, else the worst severity, then the highest utilization. */
function leadOf(members: Breach[]): Breach {
  const overToday = members.find((b) => b.kind === 'CURRENT' && b.severity === 'BREACH');
  if (overToday) return overToday;
  const rank = (b: Breach) => (b.severity === 'BREACH' ? 1e12 : 0) + b.utilizationPct;
  return members.reduce((lead, b) => (rank(b) > rank(lead) ? b : lead));
}

/** A date only for what is not over yet: a breach over the limit today is not projected to breach. */
function projectedBreach(lead: Breach): string {
  if (lead.kind === 'CURRENT' && lead.severity === 'BREACH') return 'Over the limit today';
  if (!lead.projectedBreachDate) return 'None';
  const likely = lead.breachProbability === null ? '' : `, ${probability(lead.breachProbability)} likely`;
  return `${lead.projectedBreachDate} ${when(lead)}${likely}`;
}
