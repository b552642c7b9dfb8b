import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import type { Page } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { familyIndex, wouldLoop } from './family.js';
import { IssuerDirectory, type ParentLink } from './issuer-directory.js';
import { IssuerEntity } from './issuer.entity.js';
import { readIssuerLinks, type IssuerLinks } from './issuer-links.js';
import { IssuersRepository } from './issuers.repository.js';
import {
  toRef,
  type IssuerDetailView,
  type IssuerSearchQuery,
  type IssuerView,
  type ParentKind,
  type SetParentDto,
  type UpdateIssuerDto,
} from './issuer.dto.js';
import { normalizeIssuerName } from './issuer-name.js';

export const LINK_OF_KIND: Record<ParentKind, ParentLink> = { ULTIMATE: 'hierarchyParentId', ECONOMIC: 'economicParentId' };

@Injectable()
export class IssuersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly issuers: IssuersRepository,
  ) {}

  /** The issuers as rows of a file or a request name them, held for one transaction (see IssuerDirectory). */
  directory(tx: EntityManager, now: string): Promise<IssuerDirectory> {
    return IssuerDirectory.load(this.db, tx, now);
  }

  /** Every issuer's name, LEI, parent links and exemption, as plain rows. */
  links(): Promise<IssuerLinks[]> {
    return readIssuerLinks(this.db.reads);
  }

  /** The family of the issuer named by id, LEI, CUSIP-6 or name; 404 when none is. */
  familyOf(ref: string): Promise<number> {
    return this.issuers.familyOf(ref);
  }

  /** Which of these issuer ids exist. */
  async existingIds(tx: EntityManager, ids: number[]): Promise<Set<number>> {
    return new Set((await tx.getRepository(IssuerEntity).findBy({ id: In(ids) })).map((i) => i.id));
  }

  async nameOf(id: number, manager: EntityManager = this.db.reads.manager): Promise<string | null> {
    return (await manager.getRepository(IssuerEntity).findOneBy({ id }))?.name ?? null;
  }

  async search(query: IssuerSearchQuery): Promise<Page<IssuerView>> {
    const { byId, family } = await this.families();
    const term = query.search?.trim();
    const needle = term ? normalizeIssuerName(term) : '';
    const matches = [...byId.values()].filter(
      (i) => !term || i.normalizedName.includes(needle) || i.lei === term.toUpperCase() || i.cusip6 === term.toUpperCase(),
    );
    matches.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const items = matches.slice(query.offset, query.offset + query.limit).map((i) => view(i, byId, family));
    return { items, total: matches.length };
  }

  async get(id: number): Promise<IssuerDetailView> {
    const { byId, family } = await this.families();
    const issuer = byId.get(id);
    if (!issuer) throw new NotFound(`Issuer ${id}`);
    const familyId = family.get(id)!;
    const members = [...byId.values()].filter((i) => family.get(i.id) === familyId).map((i) => view(i, byId, family));
    return {
      ...view(issuer, byId, family),
      parents: {
        economic: toRef(byId.get(issuer.economicParentId ?? -1)),
        declared: toRef(byId.get(issuer.declaredParentId ?? -1)),
        hierarchy: toRef(byId.get(issuer.hierarchyParentId ?? -1)),
        gleif: toRef(byId.get(issuer.gleifParentId ?? -1)),
      },
      members,
    };
  }

  async setParent(actor: Actor, id: number, dto: SetParentDto): Promise<IssuerDetailView> {
    await this.db.transaction(async (tx) => {
      const directory = await IssuerDirectory.load(this.db, tx, this.clock.nowIso());
      const issuer = directory.get(id);
      if (!issuer) throw new NotFound(`Issuer ${id}`);
      const link = LINK_OF_KIND[dto.kind];
      if (dto.parentIssuerId !== null) {
        if (!directory.get(dto.parentIssuerId)) throw new NotFound(`Parent issuer ${dto.parentIssuerId}`);
        if (wouldLoop(id, dto.parentIssuerId, directory.all(), link)) {
          throw new Conflict(`Issuer ${dto.parentIssuerId} cannot be the parent of issuer ${id}: the family would loop`);
        }
      }
      const before = { kind: dto.kind, parentIssuerId: issuer[link] };
      if (!directory.setParent(issuer, link, dto.parentIssuerId)) return;
      await directory.flush();
      await this.audit.record(tx, actor, { action: 'issuer.set-parent', entity: 'issuer', entityId: id, before, after: dto });
    });
    return this.get(id);
  }

  /** Audited with the flag before and after; unchanged, nothing is written. */
  async update(actor: Actor, id: number, dto: UpdateIssuerDto): Promise<IssuerDetailView> {
    await this.db.transaction(async (tx) => {
      const issuers = tx.getRepository(IssuerEntity);
      const issuer = await issuers.findOneBy({ id });
      if (!issuer) throw new NotFound(`Issuer ${id}`);
      if (issuer.limitExempt === dto.limitExempt) return;
      await issuers.update({ id }, { limitExempt: dto.limitExempt });
      const before = { limitExempt: issuer.limitExempt };
      await this.audit.record(tx, actor, { action: 'issuer.update', entity: 'issuer', entityId: id, before, after: dto });
    });
    return this.get(id);
  }

  private async families() {
    const issuers = await this.db.reads.getRepository(IssuerEntity).find();
    return { byId: new Map(issuers.map((i) => [i.id, i])), family: familyIndex(issuers) };
  }
}

function view(issuer: IssuerEntity, byId: Map<number, IssuerEntity>, family: Map<number, number>): IssuerView {
  return {
    id: issuer.id,
    name: issuer.name,
    lei: issuer.lei,
    cusip6: issuer.cusip6,
    family: toRef(byId.get(family.get(issuer.id)!))!,
    limitExempt: issuer.limitExempt,
  };
}
