import { TimeSlicer } from '../common/time-slice.js';
import { closesLoop, type ParentLinks } from './family.js';
import type { IssuerDirectory } from './issuer-directory.js';
import type { IssuerEntity } from './issuer.entity.js';

/** Issuers looked up at once: one query per batch of new issuers, never one per holdings row. */
const BATCH = 1000;
const LOOP_EXAMPLES = 3;

export interface GleifLinkOutcome {
  linksChanged: number;
  wouldLoop: number;
  loopExamples: string[];
  /** Parents no Level 1 file names yet: they head their families under their LEI until one does. */
  parentsNamedByLei: number;
}

/** GLEIF's reference data as the directory's transaction reads it (see GleifRepository). */
export interface GleifParents {
  parentsOf(childLeis: string[]): Promise<Map<string, string>>;
  legalNames(leis: string[]): Promise<Map<string, string>>;
}

/**
 * Puts issuers with an LEI under the parent GLEIF's reference data gives them (IssuerEntity's
 * gleifParentId, the weakest of the parent links). A parent that is not an issuer yet is created
 * with its Level 1 legal name, and joins its own family in turn; while no Level 1 file names it,
 * it is named by its LEI, and renamed once one does: either order of the files gives the same
 * families. A link that would close a family loop is left out.
 */
export class GleifFamilies {
  readonly outcome: GleifLinkOutcome = { linksChanged: 0, wouldLoop: 0, loopExamples: [], parentsNamedByLei: 0 };
  private readonly waiting: IssuerEntity[] = [];
  /** Issuers whose link is drawn anew: until then their old link is no reason to call a new one a loop. */
  private readonly redrawn = new Set<number>();
  private readonly namedByLei = new Set<string>();
  private joining = false;
  private readonly slicer = new TimeSlicer();

  constructor(
    private readonly directory: IssuerDirectory,
    private readonly reference: GleifParents,
  ) {}

  /** An issuer that was created, or given its LEI: it joins its family with the next batch. */
  expect(issuer: IssuerEntity): void {
    if (issuer.lei) this.waiting.push(issuer);
  }

  async joinIfBatchFull(): Promise<void> {
    if (this.waiting.length >= BATCH) await this.join();
  }

  /** After a GLEIF upload: every issuer's link drawn anew from the reference data. */
  async redraw(issuers: Iterable<IssuerEntity>): Promise<void> {
    for (const issuer of issuers) {
      if (!issuer.lei) continue;
      this.redrawn.add(issuer.id);
      this.waiting.push(issuer);
    }
    await this.join();
  }

  /** Links every issuer waiting, and the parents they bring (created while linking, they wait too). */
  async join(): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    try {
      while (this.waiting.length) await this.link(this.waiting.splice(0, BATCH));
    } finally {
      this.joining = false;
    }
  }

  private async link(batch: IssuerEntity[]): Promise<void> {
    const parentLeis = await this.reference.parentsOf(batch.map((issuer) => issuer.lei!));
    const unnamed = [...new Set(parentLeis.values())].filter((lei) => {
      const parent = this.directory.find(byLei(lei));
      return !parent || parent.name === lei;
    });
    const legalNames = await this.reference.legalNames(unnamed);
    for (const issuer of batch) {
      const parentLei = parentLeis.get(issuer.lei!);
      const parent = parentLei ? await this.parentIssuer(parentLei, legalNames.get(parentLei)) : undefined;
      if (this.directory.setParent(issuer, 'gleifParentId', parent && this.acceptable(issuer, parent) ? parent.id : null)) {
        this.outcome.linksChanged += 1;
      }
      this.redrawn.delete(issuer.id);
      await this.slicer.pause();
    }
  }

  private async parentIssuer(lei: string, legalName: string | undefined): Promise<IssuerEntity> {
    const known = this.directory.find(byLei(lei));
    if (known && legalName && known.name === lei) this.directory.rename(known, legalName);
    const parent = known ?? (await this.directory.resolve({ lei, cusip6: null, name: legalName ?? lei }))!;
    if (parent.name === lei && !this.namedByLei.has(lei)) {
      this.namedByLei.add(lei);
      this.outcome.parentsNamedByLei += 1;
    }
    return parent;
  }

  private acceptable(issuer: IssuerEntity, parent: IssuerEntity): boolean {
    if (parent.id !== issuer.id && !closesLoop(issuer.id, parent.id, this.linksOf, 'gleifParentId')) return true;
    this.outcome.wouldLoop += 1;
    if (this.outcome.loopExamples.length < LOOP_EXAMPLES) this.outcome.loopExamples.push(`${issuer.name} under ${parent.name}`);
    return false;
  }

  private readonly linksOf = (id: number): ParentLinks | undefined => {
    const issuer = this.directory.get(id);
    return issuer && this.redrawn.has(id) ? { ...issuer, gleifParentId: null } : issuer;
  };
}

function byLei(lei: string) {
  return { lei, cusip6: null, name: null };
}
