import { governingVersions, type DatedVersion } from './limit-versions.js';

const version = (limitId: number, v: number, effectiveFrom: string | null = null, effectiveTo: string | null = null): DatedVersion => ({
  limitId,
  version: v,
  effectiveFrom,
  effectiveTo,
});
const windows = (versions: DatedVersion[]) =>
  governingVersions(versions).map((v) => [v.limitId, v.version, v.effectiveFrom, v.effectiveTo, v.supersededOn]);

describe('governingVersions', () => {
  it('keeps the only version of a limit as it is', () => {
    expect(windows([version(1, 1, '2027-01-01', '2027-12-31')])).toEqual([[1, 1, '2027-01-01', '2027-12-31', null]]);
  });

  it('lets a change decided for next July take over from version 1 on its effectiveFrom', () => {
    expect(windows([version(1, 2, '2027-07-01'), version(1, 1)])).toEqual([
      [1, 1, null, null, '2027-07-01'],
      [1, 2, '2027-07-01', null, null],
    ]);
  });

  it('drops a version that a newer one covers from its start: a plain edit, or a correction of the start', () => {
    expect(windows([version(1, 1), version(1, 2)])).toEqual([[1, 2, null, null, null]]);
    expect(windows([version(1, 1, '2027-07-01'), version(1, 2, '2027-03-01')])).toEqual([[1, 2, '2027-03-01', null, null]]);
    expect(windows([version(1, 1, '2027-07-01'), version(1, 2, '2027-07-01')])).toEqual([[1, 2, '2027-07-01', null, null]]);
  });

  it('does not bring back an older version after a newer one ends the limit', () => {
    expect(windows([version(1, 1), version(1, 2, null, '2027-03-31')])).toEqual([[1, 2, null, '2027-03-31', null]]);
  });

  it('hands over from the earliest start among the newer versions, limit by limit', () => {
    // v3 (from September) only edits v2 (from July): v1 governs until July, v2 never after v3 starts.
    expect(windows([version(1, 1), version(1, 2, '2027-07-01'), version(1, 3, '2027-09-01'), version(2, 1, '2028-01-01')])).toEqual([
      [1, 1, null, null, '2027-07-01'],
      [1, 2, '2027-07-01', null, '2027-09-01'],
      [1, 3, '2027-09-01', null, null],
      [2, 1, '2028-01-01', null, null],
    ]);
  });
});
