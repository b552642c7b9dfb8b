// The feature modules name the entities the database opens with.
import '../app.module.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { testTargets } from '../../test/support/databases.js';
import type { BreachEntity, BreachStatus } from './breach.entity.js';
import { BreachReader } from './breach-reader.js';
import { BreachesRepository, type NewBreachEvent } from './breaches.repository.js';

const GROUP = '1|1|family:1';

function fields(status: BreachStatus, lastSeenRunId: number, scenario: string | null = null): Omit<BreachEntity, 'id'> {
  return {
    identity: `${GROUP}|${scenario ? 'PROJECTED' : 'CURRENT'}|${scenario ?? ''}`,
    portfolioId: 1,
    limitId: 1,
    scopeKey: 'family:1',
    groupKey: GROUP,
    memberIds: ',1,',
    scopeLabel: 'Oracle Corp',
    kind: scenario ? 'PROJECTED' : 'CURRENT',
    scenario,
    severity: 'BREACH',
    exposureCents: 250_000_000_00,
    limitCents: 225_000_000_00,
    utilizationPct: 111.11,
    currentExposureCents: 250_000_000_00,
    projectedBreachDate: null,
    breachProbability: null,
    probabilityMethod: null,
    status,
    openedAt: '2026-12-01T06:00:00.000Z',
    lastSeenRunId,
    resolvedAt: status === 'RESOLVED' ? '2026-12-02T06:00:00.000Z' : null,
    waivedUntil: null,
    resolution: status === 'RESOLVED' ? 'UNDER_LIMIT' : null,
    waiverRequest: null,
  };
}

describe.each(testTargets())('the breaches other features read, on %s', (_name, target) => {
  let db: Database;
  let reader: BreachReader;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await Database.open(await target());
    await db.migrate();
    const repository = new BreachesRepository(db);
    reader = new BreachReader(repository);
    await db.transaction(async (tx) => {
      const open = async (name: string, status: BreachStatus, openedBy: number, lastSeen: number, scenario: string | null = null) => {
        const breach = await repository.open(tx, fields(status, lastSeen, scenario));
        ids[name] = breach.id;
        const at = '2026-12-01T06:00:00.000Z';
        const events: NewBreachEvent[] = [
          { breachId: breach.id, at, type: 'OPENED', actorEmail: 'system', runId: openedBy, text: null, data: { severity: 'BREACH' } },
        ];
        if (name === 'acknowledged')
          events.push({
            breachId: breach.id,
            at,
            type: 'ACKNOWLEDGED',
            actorEmail: 'officer@example.com',
            runId: null,
            text: 'Seen',
            data: null,
          });
        await repository.insertEvents(tx, events, new TimeSlicer());
      };
      await open('stillOpen', 'OPEN', 1, 2);
      await open('acknowledged', 'ACKNOWLEDGED', 1, 2, 'base');
      await open('resolvedByTheRun', 'RESOLVED', 1, 2, 'stress');
      await open('resolvedLater', 'RESOLVED', 2, 3, 'rates-up');
      await open('openedLater', 'OPEN', 3, 3, 'rates-down');
    });
  });
  afterAll(() => db?.close());

  it('gives the breaches a run left open, as they are now, with their events: not those it resolved, nor those opened after it', async () => {
    const left = await reader.leftOpenBy(2, [GROUP, 'no|such|group']);
    expect(left.map((l) => l.breach.id)).toEqual([ids.stillOpen, ids.acknowledged, ids.resolvedLater]);
    expect(left.find((l) => l.breach.id === ids.resolvedLater)!.breach.status).toBe('RESOLVED');
    expect(left.find((l) => l.breach.id === ids.acknowledged)!.events.map((e) => [e.type, e.actorEmail])).toEqual([
      ['OPENED', 'system'],
      ['ACKNOWLEDGED', 'officer@example.com'],
    ]);
    expect(await reader.leftOpenBy(2, [])).toEqual([]);
  });

  it('lists the OPEN breaches only (not acknowledged or resolved ones), and breaches by id in id order', async () => {
    await db.transaction(async (tx) => {
      expect(await reader.open(tx)).toEqual([
        { id: ids.stillOpen, portfolioId: 1, severity: 'BREACH' },
        { id: ids.openedLater, portfolioId: 1, severity: 'BREACH' },
      ]);
      const found = await reader.byIds(tx, [ids.openedLater, ids.stillOpen, 999_999]);
      expect(found.map((b) => b.id)).toEqual([ids.stillOpen, ids.openedLater]);
      expect(await reader.byIds(tx, [])).toEqual([]);
    });
  });
});
