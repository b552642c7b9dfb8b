import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/errors.js';
import type { Page } from '../common/pagination.js';
import { Database } from '../database/database.js';
import { familyIndex, wouldLoop } from './family.js';
import { GleifRepository } from './gleif.repository.js';
import { IssuerDirectory, type ParentLink } from './issuer-directory.js';
import type { IssuerEntity } from './issuer.entity.js';
import { IssuersRepository, type IssuerLinks } from './issuers.repository.js';
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
    private readonly gleif: GleifRepository,
  ) {}

  /** The issuers as rows of a file or a request name them, held for one transaction (see IssuerDirectory). */
  directory(tx: EntityManager, now: string): Promise<IssuerDirectory> {
    return IssuerDirectory.load(this.issuers, this.gleif, tx, now);
  }

  /** The issuers as a request names them, read only, outside any transaction: it finds issuers and creates none. */
  readDirectory(now: string): Promise<IssuerDirectory> {
    return IssuerDirectory.load(this.issuers, this.gleif, undefined, now);
  }

  /** Every issuer's name, LEI, parent links and exemption, as plain rows. */
  links(): Promise<IssuerLinks[]> {
    return this.issuers.links();
  }

  /** The family of the issuer named by id, LEI, CUSIP-6 or name; 404 when none is. */
  async familyOf(ref: string): Promise<number> {
    const issuers = await this.issuers.all();
    const code = ref.trim().toUpperCase();
    const issuer =
      issuers.find((i) => String(i.id) === ref.trim()) ??
      issuers.find((i) => i.lei === code) ??
      issuers.find((i) => i.cusip6 === code) ??
      issuers.find((i) => i.normalizedName === normalizeIssuerName(ref));
    if (!issuer) throw new NotFound(`Issuer ${ref}`);
    return familyIndex(issuers).get(issuer.id)!;
  }

  /** Which of these issuer ids exist. */
  existingIds(tx: EntityManager, ids: number[]): Promise<Set<number>> {
    return this.issuers.existingIds(tx, ids);
  }

  nameOf(id: number, manager?: EntityManager): Promise<string | null> {
    return this.issuers.nameOf(id, manager);
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
      const directory = await this.directory(tx, this.clock.nowIso());
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
      const issuer = await this.issuers.require(`Issuer ${id}`, { id }, tx);
      if (issuer.limitExempt === dto.limitExempt) return;
      await this.issuers.change(tx, id, { limitExempt: dto.limitExempt });
      const before = { limitExempt: issuer.limitExempt };
      await this.audit.record(tx, actor, { action: 'issuer.update', entity: 'issuer', entityId: id, before, after: dto });
    });
    return this.get(id);
  }

  private async families() {
    const issuers = await this.issuers.all();
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
