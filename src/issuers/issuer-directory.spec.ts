import type { EntityManager } from 'typeorm';
import type { GleifRepository } from './gleif.repository.js';
import { IssuerDirectory } from './issuer-directory.js';
import type { IssuerEntity } from './issuer.entity.js';
import { normalizeIssuerName } from './issuer-name.js';
import type { IssuersRepository } from './issuers.repository.js';

const TX = { name: 'the transaction' } as unknown as EntityManager;
const META = 'BQ4BKCS1HXDV9HN80Z93';
const SUB = '5493001FBOPS0000AA84';

function issuer(id: number, name: string, lei: string | null = null): IssuerEntity {
  return {
    id,
    name,
    normalizedName: normalizeIssuerName(name),
    lei,
    cusip6: null,
    economicParentId: null,
    declaredParentId: null,
    hierarchyParentId: null,
    gleifParentId: null,
    limitExempt: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** The repositories as the directory uses them, recording in which transaction. */
function stores(rows: IssuerEntity[], gleifParents = new Map<string, string>()) {
  const calls: Array<[string, EntityManager | undefined, unknown]> = [];
  let nextId = rows.length + 1;
  const issuers = {
    lockedAll: async (tx?: EntityManager) => (calls.push(['lockedAll', tx, null]), rows.map((r) => ({ ...r }))),
    save: async (tx: EntityManager, row: Partial<IssuerEntity>) => (calls.push(['save', tx, row.name]), { ...row, id: nextId++ }),
    change: async (tx: EntityManager, id: number, changes: Partial<IssuerEntity>) => void calls.push(['change', tx, { id, ...changes }]),
  } as unknown as IssuersRepository;
  const gleif = {
    parentsOf: async (leis: string[], tx?: EntityManager) => (
      calls.push(['parentsOf', tx, leis]),
      new Map(leis.filter((l) => gleifParents.has(l)).map((l) => [l, gleifParents.get(l)!]))
    ),
    legalNames: async (leis: string[], tx?: EntityManager) => (calls.push(['legalNames', tx, leis]), new Map<string, string>()),
  } as unknown as GleifRepository;
  return { issuers, gleif, calls };
}

describe('the issuer directory', () => {
  it('loads the issuers locked, in the transaction it is given', async () => {
    const { issuers, gleif, calls } = stores([issuer(1, 'Meta Platforms Inc', META)]);
    const directory = await IssuerDirectory.load(issuers, gleif, TX, '2026-05-01T00:00:00.000Z');
    expect(directory.find({ lei: META, cusip6: null, name: null })?.id).toBe(1);
    expect(calls).toEqual([['lockedAll', TX, null]]);
  });

  it('creates an unknown issuer and writes what it learnt in the same transaction, GLEIF parents looked up there too', async () => {
    const { issuers, gleif, calls } = stores([issuer(1, 'Meta Platforms Inc', META)], new Map([[SUB, META]]));
    const directory = await IssuerDirectory.load(issuers, gleif, TX, '2026-05-01T00:00:00.000Z');
    const created = await directory.resolve({ lei: SUB, cusip6: null, name: 'Facebook Operations LLC' });
    expect(created).toMatchObject({ name: 'Facebook Operations LLC', lei: SUB, createdAt: '2026-05-01T00:00:00.000Z' });
    expect(directory.created).toBe(1);
    await directory.flush();
    expect(calls.map(([call, tx]) => [call, tx === TX])).toEqual([
      ['lockedAll', true],
      ['save', true],
      ['parentsOf', true],
      ['legalNames', true],
      ['change', true],
    ]);
    expect(calls.at(-1)![2]).toMatchObject({ id: created!.id, gleifParentId: 1, name: 'Facebook Operations LLC' });
  });

  it('read only, finds issuers outside any transaction and creates none', async () => {
    const { issuers, gleif, calls } = stores([issuer(1, 'Meta Platforms Inc', META)]);
    const directory = await IssuerDirectory.load(issuers, gleif, undefined, '2026-05-01T00:00:00.000Z');
    expect(directory.find({ lei: null, cusip6: null, name: 'meta platforms inc' })?.id).toBe(1);
    await expect(directory.resolve({ lei: null, cusip6: null, name: 'Oracle Corp' })).rejects.toThrow(/read-only/);
    expect(calls).toEqual([['lockedAll', undefined, null]]);
  });
});
