/** The parent links of an issuer, in the order that decides its family. */
export interface ParentLinks {
  id: number;
  economicParentId: number | null;
  declaredParentId: number | null;
  hierarchyParentId: number | null;
  gleifParentId: number | null;
}

/** Economic override first, then the parent named by holdings rows, then the hierarchy, then GLEIF's. */
export function parentOf(issuer: ParentLinks): number | null {
  return issuer.economicParentId ?? issuer.declaredParentId ?? issuer.hierarchyParentId ?? issuer.gleifParentId;
}

/**
 * Maps every issuer to its family: the top of its chain of parents. A chain that loops (which
 * the API refuses to create) ends at the issuer where it would repeat.
 */
export function familyIndex(issuers: Iterable<ParentLinks>): Map<number, number> {
  const byId = new Map<number, ParentLinks>();
  for (const issuer of issuers) byId.set(issuer.id, issuer);
  const family = new Map<number, number>();
  for (const id of byId.keys()) family.set(id, topOf(id, byId, family));
  return family;
}

function topOf(start: number, byId: Map<number, ParentLinks>, known: Map<number, number>): number {
  const seen = new Set<number>();
  let current = start;
  for (;;) {
    const cached = known.get(current);
    if (cached !== undefined) return cached;
    seen.add(current);
    const issuer = byId.get(current);
    const parent = issuer ? parentOf(issuer) : null;
    if (parent === null || seen.has(parent) || !byId.has(parent)) return current;
    current = parent;
  }
}

/** Whether making `parentId` the parent of `childId` would close a loop. */
export function wouldLoop(childId: number, parentId: number, issuers: Iterable<ParentLinks>, link: ParentLinkName): boolean {
  const byId = new Map<number, ParentLinks>();
  for (const issuer of issuers) byId.set(issuer.id, issuer);
  return closesLoop(childId, parentId, (id) => byId.get(id), link);
}

export type ParentLinkName = keyof Omit<ParentLinks, 'id'>;

/** wouldLoop through a look-up: for many links checked against issuers already indexed. */
export function closesLoop(
  childId: number,
  parentId: number,
  issuerOf: (id: number) => ParentLinks | undefined,
  link: ParentLinkName,
): boolean {
  const child = issuerOf(childId);
  if (!child) return false;
  const relinked = { ...child, [link]: parentId };
  let current: number | null = childId;
  const seen = new Set<number>();
  while (current !== null) {
    if (seen.has(current)) return true;
    seen.add(current);
    const issuer: ParentLinks | undefined = current === childId ? relinked : issuerOf(current);
    current = issuer ? parentOf(issuer) : null;
  }
  return false;
}
