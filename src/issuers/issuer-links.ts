import type { DataSource } from 'typeorm';
import type { ParentLinks } from './family.js';

export interface IssuerLinks extends ParentLinks {
  name: string;
  lei: string | null;
  limitExempt: boolean;
}

/**
 * Every issuer's name, LEI, parent links and exemption, as plain rows: hydrating thousands of
 * issuer entities held the event loop. The one read of the family links, so that a new kind of
 * parent reaches the projection and the breach breakdown alike.
 */
export async function readIssuerLinks(reads: DataSource): Promise<IssuerLinks[]> {
  const rows: Array<Record<string, number | string | boolean | null>> = await reads.query(
    'SELECT id, name, lei, economic_parent_id, declared_parent_id, hierarchy_parent_id, gleif_parent_id, limit_exempt FROM issuers ORDER BY id',
  );
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    lei: r.lei as string | null,
    economicParentId: r.economic_parent_id as number | null,
    declaredParentId: r.declared_parent_id as number | null,
    hierarchyParentId: r.hierarchy_parent_id as number | null,
    gleifParentId: r.gleif_parent_id as number | null,
    limitExempt: Boolean(r.limit_exempt), // 0/1 on SQLite
  }));
}
