import type { EntityManager } from 'typeorm';
import { TimeSlicer } from '../common/time-slice.js';
import { GleifFamilies } from './gleif-families.js';
import type { GleifRepository } from './gleif.repository.js';
import type { IssuerEntity } from './issuer.entity.js';
import { displayIssuerName, normalizeIssuerName } from './issuer-name.js';
import type { IssuersRepository } from './issuers.repository.js';

/** How a file row names an issuer; any of the three may be missing. */
export interface IssuerRef {
  lei: string | null;
  cusip6: string | null;
  name: string | null;
}

export type ParentLink = 'declaredParentId' | 'hierarchyParentId' | 'economicParentId' | 'gleifParentId';

/**
 * The issuers, loaded once for a transaction and kept in memory, so that a million rows naming a
 * few thousand issuers cost map look-ups. Resolution is by LEI, else CUSIP-6, else normalised
 * name; a candidate whose LEI differs from the row's is another entity, never a match. An issuer
 * created (or given its LEI) here joins its GLEIF family (see GleifFamilies) by the next flush.
 * Loaded without a transaction, it is read only: it finds issuers, and creates or writes none.
 */
export class IssuerDirectory {
  private readonly byId = new Map<number, IssuerEntity>();
  private readonly byLei = new Map<string, IssuerEntity>();
  private readonly byCusip6 = new Map<string, IssuerEntity>();
  private readonly byName = new Map<string, IssuerEntity>();
  private readonly changed = new Set<IssuerEntity>();
  created = 0;
  readonly gleifFamilies: GleifFamilies;

  private constructor(
    private readonly issuers: IssuersRepository,
    gleif: GleifRepository,
    private readonly tx: EntityManager | undefined,
    private readonly now: string,
  ) {
    this.gleifFamilies = new GleifFamilies(this, {
      parentsOf: (childLeis) => gleif.parentsOf(childLeis, tx),
      legalNames: (leis) => gleif.legalNames(leis, tx),
    });
  }

  /**
   * Takes the issuers lock (PostgreSQL) so that two writers never create or re-parent the same
   * issuer; `tx` undefined: read only, outside any transaction (it waits for a writer to commit).
   */
  static async load(
    issuers: IssuersRepository,
    gleif: GleifRepository,
    tx: EntityManager | undefined,
    now: string,
  ): Promise<IssuerDirectory> {
    const directory = new IssuerDirectory(issuers, gleif, tx, now);
    for (const issuer of await issuers.lockedAll(tx)) directory.remember(issuer);
    return directory;
  }

  find(ref: IssuerRef): IssuerEntity | undefined {
    const found =
      this.acceptable(ref.lei ? this.byLei.get(ref.lei) : undefined, ref) ??
      this.acceptable(ref.cusip6 ? this.byCusip6.get(ref.cusip6) : undefined, ref) ??
      this.acceptable(ref.name ? this.byName.get(normalizeIssuerName(ref.name)) : undefined, ref);
    if (found) this.enrich(found, ref);
    return found;
  }

  all(): IterableIterator<IssuerEntity> {
    return this.byId.values();
  }

  get(id: number): IssuerEntity | undefined {
    return this.byId.get(id);
  }

  /** Finds the issuer, or creates it when the reference carries a name. */
  async resolve(ref: IssuerRef): Promise<IssuerEntity | undefined> {
    const found = this.find(ref);
    if (found || !ref.name) return found;
    const name = displayIssuerName(ref.name);
    const issuer = await this.issuers.save(this.writer(), {
      name,
      normalizedName: normalizeIssuerName(name),
      lei: ref.lei,
      cusip6: ref.cusip6,
      economicParentId: null,
      declaredParentId: null,
      hierarchyParentId: null,
      gleifParentId: null,
      limitExempt: false,
      createdAt: this.now,
    });
    this.created += 1;
    this.remember(issuer);
    this.gleifFamilies.expect(issuer);
    await this.gleifFamilies.joinIfBatchFull();
    return issuer;
  }

  /** A name learnt later (GLEIF's legal name of a parent first known by its LEI). */
  rename(issuer: IssuerEntity, name: string): void {
    issuer.name = displayIssuerName(name);
    issuer.normalizedName = normalizeIssuerName(issuer.name);
    if (!this.byName.has(issuer.normalizedName)) this.byName.set(issuer.normalizedName, issuer);
    this.changed.add(issuer);
  }

  /** Returns whether the link changed. */
  setParent(issuer: IssuerEntity, link: ParentLink, parentId: number | null): boolean {
    if (parentId === issuer.id || issuer[link] === parentId) return false;
    issuer[link] = parentId;
    this.changed.add(issuer);
    return true;
  }

  /**
   * Writes the identifiers and parents learnt from the file, once the issuers waiting for their
   * GLEIF family have joined it. One update per changed issuer, with turns of the event loop: a
   * first upload changes thousands.
   */
  async flush(): Promise<void> {
    await this.gleifFamilies.join();
    const tx = this.writer();
    const slicer = new TimeSlicer();
    for (const issuer of this.changed) {
      const { id, name, normalizedName, lei, cusip6, declaredParentId, hierarchyParentId, economicParentId, gleifParentId } = issuer;
      await this.issuers.change(tx, id, {
        name,
        normalizedName,
        lei,
        cusip6,
        declaredParentId,
        hierarchyParentId,
        economicParentId,
        gleifParentId,
      });
      await slicer.pause();
    }
    this.changed.clear();
  }

  private writer(): EntityManager {
    if (!this.tx) throw new Error('A read-only issuer directory creates and writes no issuer');
    return this.tx;
  }

  private acceptable(issuer: IssuerEntity | undefined, ref: IssuerRef): IssuerEntity | undefined {
    return issuer && !(ref.lei && issuer.lei && issuer.lei !== ref.lei) ? issuer : undefined;
  }

  private enrich(issuer: IssuerEntity, ref: IssuerRef): void {
    if (!issuer.lei && ref.lei && !this.byLei.has(ref.lei)) {
      issuer.lei = ref.lei;
      this.byLei.set(ref.lei, issuer);
      this.changed.add(issuer);
      this.gleifFamilies.expect(issuer);
    }
    if (!issuer.cusip6 && ref.cusip6 && !this.byCusip6.has(ref.cusip6)) {
      issuer.cusip6 = ref.cusip6;
      this.byCusip6.set(ref.cusip6, issuer);
      this.changed.add(issuer);
    }
  }

  private remember(issuer: IssuerEntity): void {
    this.byId.set(issuer.id, issuer);
    if (issuer.lei) this.byLei.set(issuer.lei, issuer);
    if (issuer.cusip6 && !this.byCusip6.has(issuer.cusip6)) this.byCusip6.set(issuer.cusip6, issuer);
    if (!this.byName.has(issuer.normalizedName)) this.byName.set(issuer.normalizedName, issuer);
  }
}
