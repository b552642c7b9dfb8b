import { InvalidFields } from '../common/errors.js';
import { isValidLei, normalizeIdentifier } from '../common/identifiers.js';
import type { IssuerDirectory } from './issuer-directory.js';
import type { IssuerEntity } from './issuer.entity.js';

/**
 * An issuer named in a request: an id, an LEI, a CUSIP-6 or a name. An unknown name creates the
 * issuer (a pipeline may name a first-time issuer); an unknown id or LEI is an error.
 */
export async function resolveIssuer(directory: IssuerDirectory, ref: number | string, field = 'issuer'): Promise<IssuerEntity> {
  return findIssuer(directory, ref, field) ?? (await directory.resolve({ lei: null, cusip6: null, name: String(ref).trim() }))!;
}

/** The issuer a request names, creating none: undefined for a name nobody has; an unknown id or LEI is an error. */
export function findIssuer(directory: IssuerDirectory, ref: number | string, field = 'issuer'): IssuerEntity | undefined {
  const refuse = (message: string) => new InvalidFields([{ field, message }]);
  if (typeof ref === 'number') {
    const issuer = directory.get(ref);
    if (!issuer) throw refuse(`no issuer has id ${ref}`);
    return issuer;
  }
  const text = ref.trim();
  const code = normalizeIdentifier(text);
  if (isValidLei(code)) {
    const issuer = directory.find({ lei: code, cusip6: null, name: null });
    if (!issuer) throw refuse(`no issuer has LEI ${code}`);
    return issuer;
  }
  const byCode = /^[0-9A-Z]{6}$/.test(code) ? directory.find({ lei: null, cusip6: code, name: null }) : undefined;
  return byCode ?? directory.find({ lei: null, cusip6: null, name: text });
}
