import type { SnapshotsService } from '../holdings/snapshots.service.js';
import type { HoldingGroup } from '../risk/positions.js';
import { SnapshotBucketCache } from './snapshot-bucket-cache.js';

/** A source whose snapshot n has two pages of one row each, counting its reads. */
function source(reads: number[]): SnapshotsService {
  const row = (issuerId: number) => ({ issuerId }) as HoldingGroup;
  return {
    async *bucketPages(snapshotId: number) {
      reads.push(snapshotId);
      yield [row(snapshotId)];
      yield [row(snapshotId + 1000)];
    },
  } as unknown as SnapshotsService;
}

async function issuersOf(pages: AsyncIterable<HoldingGroup[]>): Promise<number[]> {
  const ids: number[] = [];
  for await (const page of pages) ids.push(...page.map((group) => group.issuerId));
  return ids;
}

describe('SnapshotBucketCache', () => {
  it('reads a snapshot once and answers it again from memory, page by page', async () => {
    const reads: number[] = [];
    const cache = new SnapshotBucketCache(source(reads));
    expect(await issuersOf(cache.pages(1))).toEqual([1, 1001]);
    expect(await issuersOf(cache.pages(1))).toEqual([1, 1001]);
    expect(reads).toEqual([1]);
  });

  it('keeps the eight snapshots used last, dropping the least recently used', async () => {
    const reads: number[] = [];
    const cache = new SnapshotBucketCache(source(reads));
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 1, 9, 1, 2]) await issuersOf(cache.pages(id));
    // 9 pushes out 2 (1 was used again), so 2 is read a second time
    expect(reads).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 2]);
  });
});
