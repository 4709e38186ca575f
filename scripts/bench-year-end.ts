// Year-end figures for `npm run bench` (issue 6): the whole-school summary statement PDF, and the yearly archive
// (write + flush + verify) against plain `cp` + `sync` + `sha256sum` of the same bytes on the same disk.
//
// Fairness of the comparison: the archive's byte part is `writeMs + flushMs + verifyMs` (its files are generated in
// a staging folder first; generating PDFs and CSVs is reported apart, as `cp` has nothing like it). The archive is
// written twice: once with the read-back past the page cache (O_DIRECT, the default: it proves what is on the
// disk) and once with an ordinary cached read-back, which is what `sha256sum` right after `cp` does.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeYearArchive, type ArchiveResult } from '../src/main/archive/archive-writer';
import type { Db } from '../src/main/db/connection';
import type { MountedDrive } from '../src/main/drives/drive-types';
import { renderStatementPdf } from '../src/main/statements/statement-pdf';

export interface YearEndRow {
  n?: number;
  ms?: number;
  value?: string;
}

export interface YearEndBenchInput {
  db: Db;
  dataDir: string;
  /** A folder on the same disk as the data folder, for the "drive" and the cp copy. */
  scratchDir: string;
  adminUserId: number;
  addRow(measure: string, row: YearEndRow): void;
}

const MIB = 1024 * 1024;
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const mibPerSecond = (bytes: number, ms: number): number => round(bytes / MIB / (ms / 1000));

export async function benchYearEnd(input: YearEndBenchInput): Promise<void> {
  const { db, addRow } = input;
  const year = (await db('academic_years').orderBy('start_date', 'desc').first('id', 'name')) as { id: number; name: string };
  const classCount = Number(((await db('classes').where({ academic_year: year.name }).count({ n: '*' }).first()) as { n: number }).n);

  // 1. The whole-school summary statement (target: 45 classes in under 15 s).
  const t0 = performance.now();
  const statement = await renderStatementPdf(db, { academicYearId: year.id, classId: null, printedAt: new Date() });
  const statementMs = performance.now() - t0;
  addRow('year end: whole-school statement PDF', {
    ms: Math.round(statementMs),
    value: `${classCount} classes, ${statement.pageCount} pages, ${round(statement.pdf.length / MIB, 2)} MiB (target < 15 s for 45 classes)`,
  });

  // 2. The yearly archive onto a folder "drive" on the same disk, twice (direct and cached read-back).
  const driveDir = path.join(input.scratchDir, 'drive');
  fs.mkdirSync(driveDir, { recursive: true });
  const stat = fs.statfsSync(driveDir);
  const drive: MountedDrive = {
    identity: 'id:bench-drive',
    label: 'BENCH',
    mountPath: driveDir,
    sizeBytes: stat.blocks * stat.bsize,
    freeBytes: stat.bavail * stat.bsize,
    readOnly: false,
    source: 'folder',
  };
  const runs: Record<'direct' | 'cached', ArchiveResult> = {} as Record<'direct' | 'cached', ArchiveResult>;
  for (const readBack of ['direct', 'cached'] as const) {
    runs[readBack] = await writeYearArchive({ db, dataDir: input.dataDir, version: 'bench', academicYearId: year.id, drive, userId: input.adminUserId, readBack });
  }
  for (const readBack of ['direct', 'cached'] as const) {
    const r = runs[readBack];
    const t = r.timings;
    const byteMs = t.writeMs + t.flushMs + t.verifyMs;
    addRow(`year end: archive (${readBack} read-back, mode used: ${r.readBack})`, {
      ms: Math.round(t.totalMs),
      value:
        `${r.fileCount} files, ${round(r.totalBytes / MIB)} MiB; snapshot ${Math.round(t.snapshotMs)} ms, generate ${Math.round(t.generateMs)} ms, ` +
        `write ${Math.round(t.writeMs)} + flush ${Math.round(t.flushMs)} + verify ${Math.round(t.verifyMs)} = ${Math.round(byteMs)} ms (${mibPerSecond(r.totalBytes, byteMs)} MiB/s)`,
    });
  }

  // 3. cp + sync + sha256sum of the same archive folder on the same disk.
  const source = runs.cached.absolutePath;
  const copy = path.join(input.scratchDir, 'cp-copy');
  fs.rmSync(copy, { recursive: true, force: true });
  const script = `cp -r "$1" "$2" && sync -f "$2" && cd "$2" && find . -type f -print0 | xargs -0 sha256sum > /dev/null`;
  const c0 = performance.now();
  const done = spawnSync('bash', ['-c', script, 'bench', source, copy], { stdio: 'inherit' });
  const cpMs = performance.now() - c0;
  if (done.status !== 0) throw new Error(`cp + sha256sum завершились с кодом ${done.status}`);
  const bytes = runs.cached.totalBytes;
  const cachedByteMs = runs.cached.timings.writeMs + runs.cached.timings.flushMs + runs.cached.timings.verifyMs;
  const directByteMs = runs.direct.timings.writeMs + runs.direct.timings.flushMs + runs.direct.timings.verifyMs;
  addRow('year end: cp + sync + sha256sum, same bytes', {
    ms: Math.round(cpMs),
    value:
      `${mibPerSecond(bytes, cpMs)} MiB/s; archive byte part at ${round((cpMs / cachedByteMs) * 100, 0)}% of its speed (cached read-back), ` +
      `${round((cpMs / directByteMs) * 100, 0)}% (direct read-back); target ≥ 50%`,
  });
  fs.rmSync(copy, { recursive: true, force: true });
}
