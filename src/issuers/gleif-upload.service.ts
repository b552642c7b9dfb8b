import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { UploadRejected } from '../common/errors.js';
import type { ReceivedUpload } from '../common/multipart.js';
import { counted } from '../shared/plural.js';
import { TimeSlicer } from '../common/time-slice.js';
import { Database } from '../database/database.js';
import { readCsvColumns, type FileBytes, type RecordReader } from '../files/csv-columns.js';
import type { GleifLinkOutcome } from './gleif-families.js';
import { gleifColumns, readLeiRecord, readRelationship, type GleifFileKind, type GleifSkipReason } from './gleif-file.js';
import { GleifRepository } from './gleif.repository.js';
import type { GleifUploadView } from './issuer.dto.js';
import { IssuersService } from './issuers.service.js';

type Skipped = Map<GleifSkipReason, number>;
/** `beforeRelationships`: a Level 1 file came while no relationship names a parent, so none of its records was kept. */
type ReferenceRead = { read: number; kept: number; beforeRelationships: boolean };
type ReferenceRow = Array<string | number>;

/** A record's cells as the values of its reference table's row, or why it is left out. */
const ROW_OF: Record<GleifFileKind, (cells: string[]) => { skipped: GleifSkipReason } | ReferenceRow> = {
  RELATIONSHIPS: (cells) => {
    const read = readRelationship(cells);
    return 'skipped' in read ? read : [read.childLei, read.parentLei, read.consolidation];
  },
  LEI_RECORDS: (cells) => {
    const read = readLeiRecord(cells);
    return 'skipped' in read ? read : [read.lei, read.legalName];
  },
};

/**
 * A GLEIF file (SPEC 5.9) becomes reference data, replacing the previous file of its kind, then
 * every issuer's GLEIF parent is drawn anew from it. Streamed and written in batches, in one
 * transaction: the golden copy's millions of lines in bounded memory, all or nothing.
 */
@Injectable()
export class GleifUploadService {
  private readonly logger = new Logger(GleifUploadService.name);

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly issuers: IssuersService,
    private readonly gleif: GleifRepository,
  ) {}

  /** `bytes` are the file's CSV (unpacked from its zip as they are read), whose header says it is of this kind. */
  async upload(actor: Actor, file: ReceivedUpload, bytes: FileBytes, kind: GleifFileKind): Promise<GleifUploadView> {
    const started = Date.now();
    const view = await this.db.transaction(async (tx) => {
      const skipped: Skipped = new Map();
      const reference = await this.replaceReference(tx, bytes, kind, skipped);
      // Only now the issuers lock (PostgreSQL): holdings uploads go on while the file is read.
      const directory = await this.issuers.directory(tx, this.clock.nowIso());
      const families = directory.gleifFamilies;
      await families.redraw(directory.all());
      await directory.flush();
      const issuersLinked = [...directory.all()].filter((issuer) => issuer.gleifParentId !== null).length;
      const result = toView(kind, reference, skipped, families.outcome, { issuersLinked, issuersCreated: directory.created });
      await this.audit.record(tx, actor, {
        action: 'issuer.gleif-upload',
        entity: 'issuer',
        entityId: 'gleif',
        after: { ...result, fileName: file.fileName, contentSha256: file.sha256 },
      });
      return result;
    });
    this.logger.log(
      `GLEIF ${kind}: ${counted(view.relationshipsRead + view.leiRecordsRead, 'record')}, ${counted(view.linksChanged, 'link')} changed in ${Date.now() - started} ms`,
    );
    return view;
  }

  /**
   * Only the required columns are read (see readCsvColumns): a Level 1 record has about 200. Of
   * the Level 1 file, only the records of parents are kept (about 100,000 of 3,000,000).
   */
  private async replaceReference(tx: EntityManager, bytes: FileBytes, kind: GleifFileKind, skipped: Skipped): Promise<ReferenceRead> {
    const parents = kind === 'LEI_RECORDS' ? await this.gleif.parentLeis(tx) : null;
    const writer = await this.gleif.replace(tx, kind);
    const slicer = new TimeSlicer();
    const counts = { read: 0, skipped };
    for await (const batch of readCsvColumns(bytes, (header) => gleifColumns(kind, header), referenceRow(kind, parents, counts))) {
      for (const row of batch) await writer.add(row);
      // A batch is about 1 MB of the file, a few milliseconds of work: a turn of the event loop per batch, not per line.
      await slicer.pause();
    }
    if (counts.read === 0) throw new UploadRejected('The GLEIF file has a header but no records; nothing was changed');
    return { read: counts.read, kept: await writer.finish(), beforeRelationships: parents?.size === 0 };
  }
}

/** A record as a row of its reference table, its line first; null when it is left out (and counted, when skipped). */
function referenceRow(
  kind: GleifFileKind,
  parents: Set<string> | null,
  counts: { read: number; skipped: Skipped },
): RecordReader<ReferenceRow> {
  return (cells, line) => {
    counts.read += 1;
    const row = ROW_OF[kind](cells);
    if ('skipped' in row) counts.skipped.set(row.skipped, (counts.skipped.get(row.skipped) ?? 0) + 1);
    else if (!parents || parents.has(row[0] as string)) return [line, ...row];
    return null;
  };
}

function toView(
  kind: GleifFileKind,
  { read, kept, beforeRelationships }: ReferenceRead,
  skipped: Skipped,
  links: GleifLinkOutcome,
  issuers: { issuersLinked: number; issuersCreated: number },
): GleifUploadView {
  skipped.set('WOULD_LOOP', links.wouldLoop);
  const relationships = kind === 'RELATIONSHIPS';
  return {
    file: kind,
    relationshipsRead: relationships ? read : 0,
    relationshipsUsed: relationships ? kept : 0,
    leiRecordsRead: relationships ? 0 : read,
    leiRecordsKept: relationships ? 0 : kept,
    ...issuers,
    linksChanged: links.linksChanged,
    skipped: [...skipped].filter(([, count]) => count > 0).map(([reason, count]) => ({ reason, count })),
    warnings: [
      ...(beforeRelationships
        ? [
            "No relationship names a parent yet, so no record was kept: upload GLEIF's Level 2 relationship file, then this file again; until then its parents are named by their LEI",
          ]
        : []),
      ...warnings(links),
    ],
  };
}

/** One line per kind of problem, however many links it concerns: the answer stays small. */
function warnings({ wouldLoop, loopExamples, parentsNamedByLei }: GleifLinkOutcome): string[] {
  const found: string[] = [];
  if (wouldLoop > 0) {
    const more = wouldLoop > loopExamples.length ? '; ...' : '';
    found.push(`${counted(wouldLoop, 'GLEIF link')} left out, as the family would loop: ${loopExamples.join('; ')}${more}`);
  }
  if (parentsNamedByLei > 0) {
    found.push(
      `${counted(parentsNamedByLei, 'family', 'families')} headed by a parent that no Level 1 file names yet, named by its LEI: upload GLEIF's Level 1 LEI file to name them`,
    );
  }
  return found;
}
