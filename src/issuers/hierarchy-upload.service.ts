import { Injectable } from '@nestjs/common';
import Papa from 'papaparse';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/roles.js';
import { Clock } from '../common/clock.js';
import { UploadRejected, type RowProblem } from '../common/errors.js';
import { normalizeHeader } from '../common/headers.js';
import { isValidLei, normalizeIdentifier } from '../common/identifiers.js';
import type { ReceivedUpload } from '../common/multipart.js';
import { ProblemList } from '../common/problem-list.js';
import { Database } from '../database/database.js';
import { bytesOfFile, type FileBytes } from '../files/csv-columns.js';
import { dataLines, sniffFormat } from '../files/tabular-file.js';
import { openZippedCsv } from '../files/zipped-csv.js';
import { wouldLoop } from './family.js';
import { gleifKindOf } from './gleif-file.js';
import { GleifUploadService } from './gleif-upload.service.js';
import type { IssuerDirectory, IssuerRef } from './issuer-directory.js';
import { PARENT_KINDS, type GleifUploadView, type HierarchyUploadView, type ParentKind } from './issuer.dto.js';
import { IssuersService, LINK_OF_KIND } from './issuers.service.js';

type Side = 'child' | 'parent';
const COLUMNS = ['child_lei', 'child_cusip6', 'child_name', 'parent_lei', 'parent_cusip6', 'parent_name', 'kind'];

/** The first line's cells are read from this much of the file: GLEIF's widest header is about 8 KB. */
const HEADER_BYTES = 64 * 1024;

/**
 * Parent links from a file: `child_* , parent_*, kind`, all rows applied or none; or one of
 * GLEIF's files (CSV, or the zip it is published in), known by its header.
 */
@Injectable()
export class HierarchyUploadService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly gleif: GleifUploadService,
    private readonly issuers: IssuersService,
  ) {}

  async upload(actor: Actor, file: ReceivedUpload): Promise<HierarchyUploadView | GleifUploadView> {
    const zipped = await openZippedCsv(file.path);
    const bytes = zipped ?? bytesOfFile(file.path);
    const gleifKind = gleifKindOf(await headerCells(bytes));
    if (gleifKind) return this.gleif.upload(actor, file, bytes, gleifKind);
    if (zipped) throw new UploadRejected("A zipped file is read when it is one of GLEIF's files; upload a hierarchy file unzipped");
    return this.uploadLinks(actor, file);
  }

  private async uploadLinks(actor: Actor, file: ReceivedUpload): Promise<HierarchyUploadView> {
    const format = await sniffFormat(file.path, file.size);
    return this.db.transaction(async (tx) => {
      const directory = await this.issuers.directory(tx, this.clock.nowIso());
      const problems = new ProblemList();
      let rows = 0;
      let linksChanged = 0;
      for await (const { line, header, cell: at } of dataLines(file.path, format, problems, readHeader)) {
        rows += 1;
        const cell = (name: string) => at(header.get(name));
        const rowProblems: RowProblem[] = [];
        const kind = (cell('kind').toUpperCase() || 'ULTIMATE') as ParentKind;
        if (!PARENT_KINDS.includes(kind)) rowProblems.push({ row: line, column: 'kind', message: 'must be ULTIMATE or ECONOMIC' });
        const child = await this.side(directory, 'child', cell, line, rowProblems);
        const parent = await this.side(directory, 'parent', cell, line, rowProblems);
        if (child && parent && !rowProblems.length) {
          const link = LINK_OF_KIND[kind];
          if (child.id === parent.id || wouldLoop(child.id, parent.id, directory.all(), link)) {
            rowProblems.push({
              row: line,
              column: 'parent_name',
              message: `${parent.name} cannot be the parent of ${child.name}: the family would loop`,
            });
          } else if (directory.setParent(child, link, parent.id)) linksChanged += 1;
        }
        problems.add(rowProblems);
      }
      if (!problems.empty)
        throw new UploadRejected('The hierarchy file has invalid rows; nothing was changed', problems.listed, problems.total);
      await directory.flush();
      const result = { rows, linksChanged, issuersCreated: directory.created };
      await this.audit.record(tx, actor, {
        action: 'issuer.hierarchy-upload',
        entity: 'issuer',
        entityId: 'hierarchy',
        after: { ...result, fileName: file.fileName },
      });
      return result;
    });
  }

  private async side(directory: IssuerDirectory, side: Side, cell: (name: string) => string, line: number, problems: RowProblem[]) {
    const lei = normalizeIdentifier(cell(`${side}_lei`)) || null;
    if (lei && !isValidLei(lei)) {
      problems.push({ row: line, column: `${side}_lei`, message: `"${lei}" is not a valid LEI (ISO 17442)` });
      return undefined;
    }
    const ref: IssuerRef = { lei, cusip6: normalizeIdentifier(cell(`${side}_cusip6`)) || null, name: cell(`${side}_name`) || null };
    if (!ref.lei && !ref.cusip6 && !ref.name) {
      problems.push({ row: line, column: `${side}_name`, message: `give ${side}_lei, ${side}_cusip6 or ${side}_name` });
      return undefined;
    }
    const issuer = await directory.resolve(ref);
    if (!issuer) problems.push({ row: line, column: `${side}_name`, message: `no issuer matches; give ${side}_name to create it` });
    return issuer;
  }
}

/** The first line's cells, from the first bytes of the file. */
async function headerCells(bytes: FileBytes): Promise<string[]> {
  const head: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes()) {
    head.push(chunk);
    size += chunk.length;
    if (size >= HEADER_BYTES) break;
  }
  const text = Buffer.concat(head).subarray(0, HEADER_BYTES).toString('utf8');
  return Papa.parse<string[]>(text, { preview: 1 }).data[0] ?? [];
}

function readHeader(cells: string[]): Map<string, number> {
  const header = new Map(cells.map((cell, i) => [normalizeHeader(cell ?? ''), i] as const));
  const missing: RowProblem[] = [];
  for (const side of ['child', 'parent']) {
    if (!COLUMNS.some((c) => c.startsWith(side) && header.has(c))) {
      missing.push({ row: 1, column: `${side}_name`, message: `the header needs ${side}_lei, ${side}_cusip6 or ${side}_name` });
    }
  }
  if (missing.length) throw new UploadRejected('The header is not an issuer hierarchy header', missing);
  return header;
}
