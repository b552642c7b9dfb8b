/**
 * A deterministic GLEIF golden copy for the benchmark: Level 2 relationship records and Level 1
 * LEI records as GLEIF writes them (every field quoted, wide rows, mostly empty), each zipped as
 * one CSV, the way GLEIF publishes them. Streamed: a few thousand lines in memory at a time.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { leiCheckDigits } from '../src/common/identifiers.js';

/** The registration columns both levels share. */
const REGISTRATION_COLUMNS = [
  'Registration.InitialRegistrationDate',
  'Registration.LastUpdateDate',
  'Registration.RegistrationStatus',
  'Registration.NextRenewalDate',
  'Registration.ManagingLOU',
  'Registration.ValidationSources',
];

const RELATIONSHIP_COLUMNS = [
  'Relationship.StartNode.NodeID',
  'Relationship.StartNode.NodeIDType',
  'Relationship.EndNode.NodeID',
  'Relationship.EndNode.NodeIDType',
  'Relationship.RelationshipType',
  'Relationship.RelationshipStatus',
  ...[1, 2, 3, 4, 5].flatMap((n) => ['startDate', 'endDate', 'periodType'].map((f) => `Relationship.Period.${n}.${f}`)),
  ...[1, 2, 3, 4, 5].flatMap((n) => ['QualifierDimension', 'QualifierCategory'].map((f) => `Relationship.Qualifiers.${n}.${f}`)),
  ...[1, 2, 3, 4, 5].flatMap((n) =>
    ['MeasurementMethod', 'QuantifierAmount', 'QuantifierUnits'].map((f) => `Relationship.Quantifiers.${n}.${f}`),
  ),
  ...REGISTRATION_COLUMNS,
  'Registration.ValidationDocuments',
  'Registration.ValidationReference',
];

const ADDRESS_FIELDS = [
  'FirstAddressLine',
  'AddressNumber',
  'AddressNumberWithinBuilding',
  'MailRouting',
  'City',
  'Region',
  'Country',
  'PostalCode',
];
const LEI_COLUMNS = [
  'LEI',
  'Entity.LegalName',
  'Entity.LegalName.xmllang',
  ...[1, 2, 3, 4, 5].flatMap((n) => ['', '.xmllang', '.type'].map((f) => `Entity.OtherEntityNames.OtherEntityName.${n}${f}`)),
  ...['LegalAddress', 'HeadquartersAddress'].flatMap((address) => ADDRESS_FIELDS.map((f) => `Entity.${address}.${f}`)),
  ...[1, 2, 3].flatMap((n) => ADDRESS_FIELDS.map((f) => `Entity.OtherAddresses.OtherAddress.${n}.${f}`)),
  'Entity.RegistrationAuthority.RegistrationAuthorityID',
  'Entity.RegistrationAuthority.RegistrationAuthorityEntityID',
  'Entity.LegalJurisdiction',
  'Entity.EntityCategory',
  'Entity.EntitySubCategory',
  'Entity.LegalForm.EntityLegalFormCode',
  'Entity.LegalForm.OtherLegalForm',
  'Entity.EntityStatus',
  'Entity.EntityCreationDate',
  ...REGISTRATION_COLUMNS,
  'Registration.ValidationAuthority.ValidationAuthorityID',
  'Registration.ValidationAuthority.ValidationAuthorityEntityID',
  'Registration.ConformityFlag',
];

export const GOLDEN_COPY = { relationships: 500_000, leiRecords: 3_000_000, parents: 100_000 } as const;
/** Parents are the last LEIs of the golden copy, so that Level 1 names them all. */
const FIRST_PARENT = GOLDEN_COPY.leiRecords - GOLDEN_COPY.parents;
const LINES_PER_CHUNK = 2_000;

/** The golden copy's n-th LEI: a body from the number, with its check digits. */
export function syntheticLei(n: number): string {
  const body = `9845${n.toString(36).toUpperCase().padStart(14, '0')}`;
  return body + leiCheckDigits(body);
}

function csvLine(columns: readonly string[], values: Record<string, string>): string {
  return columns.map((column) => `"${values[column] ?? ''}"`).join(',');
}

/**
 * `issuerLeis` (the benchmark's holdings issuers) come first, each ultimately consolidated by one
 * of 500 parents; then the golden copy's own children: 60% ultimate, 30% direct, 10% inactive,
 * and every 25th a branch.
 */
function relationshipValues(n: number, issuerLeis: readonly string[]): Record<string, string> {
  const fromIssuer = n < issuerLeis.length;
  const kind = n % 10;
  const registration = {
    'Registration.InitialRegistrationDate': '2018-04-10T09:12:44Z',
    'Registration.LastUpdateDate': '2026-11-02T08:15:40Z',
    'Registration.RegistrationStatus': 'PUBLISHED',
    'Registration.NextRenewalDate': '2027-04-10T09:12:44Z',
    'Registration.ManagingLOU': '5493001KJTIIGC8Y1R12',
    'Registration.ValidationSources': 'FULLY_CORROBORATED',
    'Registration.ValidationDocuments': 'ACCOUNTS_FILING',
  };
  return {
    'Relationship.StartNode.NodeID': fromIssuer ? issuerLeis[n] : syntheticLei(n),
    'Relationship.StartNode.NodeIDType': 'LEI',
    'Relationship.EndNode.NodeID': syntheticLei(FIRST_PARENT + (fromIssuer ? n % 500 : n % GOLDEN_COPY.parents)),
    'Relationship.EndNode.NodeIDType': 'LEI',
    'Relationship.RelationshipType':
      !fromIssuer && n % 25 === 0
        ? 'IS_INTERNATIONAL_BRANCH_OF'
        : fromIssuer || kind < 6
          ? 'IS_ULTIMATELY_CONSOLIDATED_BY'
          : 'IS_DIRECTLY_CONSOLIDATED_BY',
    'Relationship.RelationshipStatus': !fromIssuer && kind === 9 ? 'INACTIVE' : 'ACTIVE',
    'Relationship.Period.1.startDate': '2017-01-01T00:00:00Z',
    'Relationship.Period.1.endDate': '2017-12-31T00:00:00Z',
    'Relationship.Period.1.periodType': 'ACCOUNTING_PERIOD',
    'Relationship.Qualifiers.1.QualifierDimension': 'ACCOUNTING_STANDARD',
    'Relationship.Qualifiers.1.QualifierCategory': n % 2 ? 'IFRS' : 'US_GAAP',
    ...registration,
  };
}

function leiRecordValues(n: number): Record<string, string> {
  return {
    LEI: syntheticLei(n),
    'Entity.LegalName': n >= FIRST_PARENT ? `Parent Group ${n - FIRST_PARENT} Holdings, Inc.` : `Entity ${n} Operating Company LLC`,
    'Entity.LegalName.xmllang': 'en',
    'Entity.LegalAddress.FirstAddressLine': `${(n % 9000) + 100} Market Street`,
    'Entity.LegalAddress.City': 'Wilmington',
    'Entity.LegalAddress.Region': 'US-DE',
    'Entity.LegalAddress.Country': 'US',
    'Entity.LegalAddress.PostalCode': '19801',
    'Entity.HeadquartersAddress.FirstAddressLine': `${(n % 700) + 1} Avenue of the Americas`,
    'Entity.HeadquartersAddress.City': 'New York',
    'Entity.HeadquartersAddress.Region': 'US-NY',
    'Entity.HeadquartersAddress.Country': 'US',
    'Entity.HeadquartersAddress.PostalCode': '10036',
    'Entity.RegistrationAuthority.RegistrationAuthorityID': 'RA000602',
    'Entity.RegistrationAuthority.RegistrationAuthorityEntityID': String(3_000_000 + n),
    'Entity.LegalJurisdiction': 'US-DE',
    'Entity.EntityCategory': 'GENERAL',
    'Entity.LegalForm.EntityLegalFormCode': n % 3 ? 'HZEH' : 'XTIQ',
    'Entity.EntityStatus': 'ACTIVE',
    'Entity.EntityCreationDate': '2009-07-29T00:00:00Z',
    'Registration.InitialRegistrationDate': '2012-11-29T00:00:00Z',
    'Registration.LastUpdateDate': '2026-10-14T13:20:48Z',
    'Registration.RegistrationStatus': 'ISSUED',
    'Registration.NextRenewalDate': '2027-11-15T00:00:00Z',
    'Registration.ManagingLOU': 'EVK05KS7XY1DEII3R011',
    'Registration.ValidationSources': 'FULLY_CORROBORATED',
    'Registration.ConformityFlag': 'CONFORMING',
  };
}

function* csvChunks(columns: readonly string[], count: number, values: (n: number) => Record<string, string>): Generator<string> {
  let lines = [csvLine(columns, Object.fromEntries(columns.map((c) => [c, c])))];
  for (let n = 0; n < count; n++) {
    lines.push(csvLine(columns, values(n)));
    if (lines.length === LINES_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

async function writeZippedCsv(path: string, entryName: string, chunks: Iterable<string>): Promise<void> {
  const zip = new yazl.ZipFile();
  zip.addReadStream(Readable.from(chunks), entryName);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
}

export function writeRelationshipsZip(path: string, issuerLeis: readonly string[]): Promise<void> {
  const chunks = csvChunks(RELATIONSHIP_COLUMNS, GOLDEN_COPY.relationships, (n) => relationshipValues(n, issuerLeis));
  return writeZippedCsv(path, '20261130-0800-gleif-goldencopy-rr-golden-copy.csv', chunks);
}

export function writeLeiRecordsZip(path: string): Promise<void> {
  return writeZippedCsv(
    path,
    '20261130-0800-gleif-goldencopy-lei2-golden-copy.csv',
    csvChunks(LEI_COLUMNS, GOLDEN_COPY.leiRecords, leiRecordValues),
  );
}

export const COLUMN_COUNTS = { relationships: RELATIONSHIP_COLUMNS.length, leiRecords: LEI_COLUMNS.length };
