import { Injectable } from '@nestjs/common';
import { SnapshotsService } from '../holdings/snapshots.service.js';
import type { HoldingGroup } from '../risk/positions.js';

/** About 4 MB each for a snapshot of 1,000,000 holdings (17,000 bucket rows). */
const SNAPSHOTS_KEPT = 8;

/**
 * The bucket rows of the snapshots pre-trade checks were last asked about, kept in memory: a
 * snapshot never changes, and reading its rows is most of a check's time. The least recently used
 * snapshot goes first. The rows are only read (the rollup copies them into buckets of its own).
 */
@Injectable()
export class SnapshotBucketCache {
  private readonly snapshots = new Map<number, HoldingGroup[][]>();

  constructor(private readonly source: SnapshotsService) {}

  async *pages(snapshotId: number): AsyncGenerator<HoldingGroup[]> {
    const kept = this.snapshots.get(snapshotId);
    if (kept) {
      this.keep(snapshotId, kept);
      yield* kept;
      return;
    }
    const read: HoldingGroup[][] = [];
    for await (const page of this.source.bucketPages(snapshotId)) {
      read.push(page);
      yield page;
    }
    this.keep(snapshotId, read);
  }

  private keep(snapshotId: number, pages: HoldingGroup[][]): void {
    this.snapshots.delete(snapshotId);
    this.snapshots.set(snapshotId, pages);
    if (this.snapshots.size > SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
  }
}
