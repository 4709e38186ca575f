// Where things are inside a yearly archive on a drive. Fixed: archives written years ago must still be found
// and read by later versions of this program, and by people without it (README.txt explains the same layout).
//
//   <drive>/ejournal-archives/<YYYY-YYYY>_<YYYYMMDD-HHMMSS>/   one archive (the folder recorded in `archives`)
//     README.txt            what is where, in Russian, and how to check it without this program
//     manifest.json         ArchiveManifest: every other file with size and SHA-256
//     SHA256SUMS            the same hashes in the format `sha256sum -c SHA256SUMS` accepts
//     database/journal.sqlite3   a consistent copy of the whole database (SQLite online backup)
//     statements/…          summary statements of final marks (PDF)
//     classes/<class>/…     per class: class list, marks, attendance, period and year marks (PDF and CSV)
//
// While being written an archive lives in `<drive>/ejournal-archives/.partial-<name>`; only a verified folder
// is renamed to its final name, so a folder without the prefix is always a complete archive.

export const ARCHIVES_ROOT = 'ejournal-archives';
export const PARTIAL_PREFIX = '.partial-';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';
export const README_FILE = 'README.txt';
export const DATABASE_COPY = 'database/journal.sqlite3';
export const MANIFEST_FORMAT = 'ejournal-archive/1';

export interface ArchiveManifestFile {
  /** Relative to the archive folder, '/'-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface ArchiveManifest {
  format: typeof MANIFEST_FORMAT;
  programVersion: string;
  schoolName: string;
  academicYear: { id: number; name: string; startDate: string; endDate: string };
  /** ISO time the archive was written. */
  createdAt: string;
  /** Every file of the archive except manifest.json and SHA256SUMS themselves. */
  files: ArchiveManifestFile[];
}
