import { Injectable } from '@nestjs/common';
import { NotFound } from '../common/errors.js';
import { Database } from '../database/database.js';
import { familyIndex } from './family.js';
import { IssuerEntity } from './issuer.entity.js';
import { normalizeIssuerName } from './issuer-name.js';

/** Issuers as other modules ask for them, without knowing their table. */
@Injectable()
export class IssuersRepository {
  constructor(private readonly db: Database) {}

  /** The family of the issuer named by id, LEI, CUSIP-6 or name; 404 when none is. */
  async familyOf(ref: string): Promise<number> {
    const issuers = await this.db.reads.getRepository(IssuerEntity).find();
    const code = ref.trim().toUpperCase();
    const issuer =
      issuers.find((i) => String(i.id) === ref.trim()) ??
      issuers.find((i) => i.lei === code) ??
      issuers.find((i) => i.cusip6 === code) ??
      issuers.find((i) => i.normalizedName === normalizeIssuerName(ref));
    if (!issuer) throw new NotFound(`Issuer ${ref}`);
    return familyIndex(issuers).get(issuer.id)!;
  }
}
