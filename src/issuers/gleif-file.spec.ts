import { UploadRejected } from '../common/errors.js';
import { gleifColumns, gleifKindOf, readLeiRecord, readRelationship } from './gleif-file.js';

const RR_HEADER = [
  'Relationship.StartNode.NodeID',
  'Relationship.StartNode.NodeIDType',
  'Relationship.EndNode.NodeID',
  'Relationship.EndNode.NodeIDType',
  'Relationship.RelationshipType',
  'Relationship.RelationshipStatus',
];
const META = 'BQ4BKCS1HXDV9HN80Z93';
const FACEBOOK_OPERATIONS = '5493001FBOPS0000AA84';
const relationship = (type: string, status: string, child = FACEBOOK_OPERATIONS) => readRelationship([child, META, type, status]);

describe('GLEIF files', () => {
  it('are told apart by their header, a BOM or not', () => {
    expect(gleifKindOf(['\uFEFFRelationship.StartNode.NodeID', 'Relationship.EndNode.NodeID'])).toBe('RELATIONSHIPS');
    expect(gleifKindOf(['LEI', 'Entity.LegalName', 'Entity.LegalName.xmllang'])).toBe('LEI_RECORDS');
    expect(gleifKindOf(['child_lei', 'parent_lei', 'kind'])).toBeNull();
  });

  it('find the required columns wherever they are', () => {
    expect(gleifColumns('RELATIONSHIPS', RR_HEADER)).toEqual([0, 2, 4, 5]);
    expect(gleifColumns('LEI_RECORDS', ['Entity.LegalName.xmllang', 'Entity.LegalName', 'LEI'])).toEqual([2, 1]);
  });

  it('name every required column a header lacks', () => {
    const missing = () => gleifColumns('RELATIONSHIPS', RR_HEADER.slice(0, 4));
    expect(missing).toThrow(UploadRejected);
    expect(missing).toThrow(/lacks Relationship\.RelationshipType, Relationship\.RelationshipStatus/);
  });

  it('keep only ACTIVE consolidations between valid LEIs', () => {
    expect(relationship('IS_ULTIMATELY_CONSOLIDATED_BY', 'ACTIVE')).toEqual({
      childLei: FACEBOOK_OPERATIONS,
      parentLei: META,
      consolidation: 'ULTIMATE',
    });
    expect(relationship('IS_DIRECTLY_CONSOLIDATED_BY', 'ACTIVE')).toMatchObject({ consolidation: 'DIRECT' });
    expect(relationship('IS_ULTIMATELY_CONSOLIDATED_BY', 'INACTIVE')).toEqual({ skipped: 'NOT_ACTIVE' });
    expect(relationship('IS_ULTIMATELY_CONSOLIDATED_BY', 'NULL')).toEqual({ skipped: 'NOT_ACTIVE' });
    expect(relationship('IS_INTERNATIONAL_BRANCH_OF', 'ACTIVE')).toEqual({ skipped: 'NOT_CONSOLIDATION' });
    expect(relationship('IS_FUND-MANAGED_BY', 'ACTIVE')).toEqual({ skipped: 'NOT_CONSOLIDATION' });
    expect(relationship('IS_ULTIMATELY_CONSOLIDATED_BY', 'ACTIVE', '5493001FBOPS0000AA85')).toEqual({ skipped: 'NOT_AN_LEI' });
  });

  it('keep an LEI record with its legal name', () => {
    expect(readLeiRecord([META, ' Meta Platforms, Inc. '])).toEqual({ lei: META, legalName: 'Meta Platforms, Inc.' });
    expect(readLeiRecord([META, ''])).toEqual({ skipped: 'NO_LEGAL_NAME' });
    expect(readLeiRecord(['not an lei', 'X'])).toEqual({ skipped: 'NOT_AN_LEI' });
  });
});
