import { UploadRejected } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import { isValidLei } from '../common/identifiers.js';
import type { Consolidation } from './gleif-relationship.entity.js';

/** GLEIF's Level 2 relationship records, or its Level 1 LEI records. */
export type GleifFileKind = 'RELATIONSHIPS' | 'LEI_RECORDS';

export const GLEIF_SKIP_REASONS = ['NOT_ACTIVE', 'NOT_CONSOLIDATION', 'NOT_AN_LEI', 'NO_LEGAL_NAME', 'WOULD_LOOP'] as const;
export type GleifSkipReason = (typeof GLEIF_SKIP_REASONS)[number];

const REQUIRED_COLUMNS = {
  RELATIONSHIPS: [
    'Relationship.StartNode.NodeID',
    'Relationship.EndNode.NodeID',
    'Relationship.RelationshipType',
    'Relationship.RelationshipStatus',
  ],
  LEI_RECORDS: ['LEI', 'Entity.LegalName'],
} as const satisfies Record<GleifFileKind, readonly string[]>;

const CONSOLIDATION_OF: Record<string, Consolidation> = {
  IS_ULTIMATELY_CONSOLIDATED_BY: 'ULTIMATE',
  IS_DIRECTLY_CONSOLIDATED_BY: 'DIRECT',
};

/** Which GLEIF file a header belongs to, by its column families; null for any other file (an issuer hierarchy). */
export function gleifKindOf(header: string[]): GleifFileKind | null {
  const names = header.map((cell) => normalizeHeader(cell ?? ''));
  if (names.some((name) => name.startsWith('relationship.'))) return 'RELATIONSHIPS';
  if (names.some((name) => name.startsWith('entity.'))) return 'LEI_RECORDS';
  return null;
}

/** The places of the required columns, in the order the readers below take them; a 422 naming each one missing. */
export function gleifColumns(kind: GleifFileKind, header: string[]): number[] {
  const names = header.map((cell) => normalizeHeader(cell ?? ''));
  const required: readonly string[] = REQUIRED_COLUMNS[kind];
  const places = required.map((column) => names.indexOf(normalizeHeader(column)));
  const missing = required.filter((_, i) => places[i] < 0);
  if (missing.length) {
    const file = kind === 'RELATIONSHIPS' ? "GLEIF's Level 2 relationship file" : "GLEIF's Level 1 LEI file";
    throw new UploadRejected(
      `The header looks like ${file} but lacks ${missing.join(', ')}; nothing was changed`,
      missing.map((column) => ({ row: 1, column, message: `the column ${column} is required` })),
    );
  }
  return places;
}

export type RelationshipRead = { childLei: string; parentLei: string; consolidation: Consolidation } | { skipped: GleifSkipReason };

/** A Level 2 line's required cells: kept only when it is an ACTIVE consolidation between two LEIs. */
export function readRelationship([child, parent, type, status]: string[]): RelationshipRead {
  const consolidation = CONSOLIDATION_OF[type.trim().toUpperCase()];
  if (!consolidation) return { skipped: 'NOT_CONSOLIDATION' };
  if (status.trim().toUpperCase() !== 'ACTIVE') return { skipped: 'NOT_ACTIVE' };
  const childLei = child.trim().toUpperCase();
  const parentLei = parent.trim().toUpperCase();
  if (!isValidLei(childLei) || !isValidLei(parentLei)) return { skipped: 'NOT_AN_LEI' };
  return { childLei, parentLei, consolidation };
}

export type LeiRecordRead = { lei: string; legalName: string } | { skipped: GleifSkipReason };

/** As long as an issuer's name may be (GLEIF allows 500 characters; real names stay far below). */
const MAX_LEGAL_NAME = 300;

/** A Level 1 line's required cells. */
export function readLeiRecord([lei, legalName]: string[]): LeiRecordRead {
  const code = lei.trim().toUpperCase();
  if (!isValidLei(code)) return { skipped: 'NOT_AN_LEI' };
  const name = legalName.trim().slice(0, MAX_LEGAL_NAME);
  return name ? { lei: code, legalName: name } : { skipped: 'NO_LEGAL_NAME' };
}
