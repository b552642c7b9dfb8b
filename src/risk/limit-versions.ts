/** What decides when one version of a limit applies. */
export interface DatedVersion {
  limitId: number;
  version: number;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/**
 * When each version of each limit governs: from its effectiveFrom (null: from the start) until a
 * newer version takes over on that one's effectiveFrom (`supersededOn`), so that a change decided
 * for next July leaves the version before it in force until then. A version that newer ones take
 * over from before it starts never governs and is left out. Within its time a version is still in
 * force only up to its own effectiveTo: a newer version that ends the limit does not bring back an
 * older one.
 */
export function governingVersions<T extends DatedVersion>(versions: T[]): Array<T & { supersededOn: string | null }> {
  const newestFirst = [...versions].sort((a, b) => a.limitId - b.limitId || b.version - a.version);
  const governing: Array<T & { supersededOn: string | null }> = [];
  let limitId: number | null = null;
  /** The earliest start of the newer versions seen: undefined before any, null once one starts with no date. */
  let takeover: string | null | undefined;
  for (const v of newestFirst) {
    if (v.limitId !== limitId) [limitId, takeover] = [v.limitId, undefined];
    const startsFirst = takeover === undefined || (takeover !== null && (v.effectiveFrom === null || v.effectiveFrom < takeover));
    if (!startsFirst) continue;
    governing.push({ ...v, supersededOn: takeover ?? null });
    takeover = v.effectiveFrom;
  }
  return governing.sort((a, b) => a.limitId - b.limitId || a.version - b.version);
}
