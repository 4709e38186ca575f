// Homework files (issue 4, item 3): only types a school sends as homework, checked by their first bytes as
// well as by name (a renamed .exe is refused), at most 10 MB. The bytes are stored under their SHA-256 in the
// data folder, written to a temporary file and renamed, so a half-written file is never taken for a good one.

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_MAX_BYTES } from '../../shared/api/journal-schemas';
import { AppError } from '../common/app-error';

interface FileKind {
  contentType: string;
  /** Whether these bytes really are such a file. */
  matches(bytes: Buffer): boolean;
}

const starts = (...signature: number[]) => (bytes: Buffer) => signature.every((b, i) => bytes[i] === b);
const zip = starts(0x50, 0x4b, 0x03, 0x04);
const ole = starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const isText = (bytes: Buffer) => !bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);

const KINDS: Readonly<Record<string, FileKind>> = {
  pdf: { contentType: 'application/pdf', matches: starts(0x25, 0x50, 0x44, 0x46) },
  png: { contentType: 'image/png', matches: starts(0x89, 0x50, 0x4e, 0x47) },
  jpg: { contentType: 'image/jpeg', matches: starts(0xff, 0xd8, 0xff) },
  jpeg: { contentType: 'image/jpeg', matches: starts(0xff, 0xd8, 0xff) },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: zip },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: zip },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', matches: zip },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', matches: zip },
  doc: { contentType: 'application/msword', matches: ole },
  xls: { contentType: 'application/vnd.ms-excel', matches: ole },
  rtf: { contentType: 'application/rtf', matches: starts(0x7b, 0x5c, 0x72, 0x74, 0x66) },
  txt: { contentType: 'text/plain', matches: isText },
};

export const ALLOWED_EXTENSIONS = Object.keys(KINDS);

function refuse(message: string): AppError {
  return new AppError(400, 'validation', message, [{ field: 'contentBase64', label: 'Файл', message }]);
}

export interface CheckedFile {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  sha256: string;
}

/** Decodes and checks an uploaded file; the stored name keeps only characters safe on every file system. */
export function checkUpload(fileName: string, contentBase64: string): CheckedFile {
  const extension = path.extname(fileName).slice(1).toLowerCase();
  const kind = KINDS[extension];
  if (!kind) throw refuse(`Файлы «.${extension || '?'}» не принимаются. Можно: ${ALLOWED_EXTENSIONS.join(', ')}`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw refuse('Файл передан повреждённым (ожидался base64)');
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) throw refuse('Файл пустой');
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw refuse(`Файл больше ${ATTACHMENT_MAX_BYTES / 1024 / 1024} МБ`);
  if (!kind.matches(bytes)) throw refuse(`Содержимое файла «${fileName}» не похоже на .${extension}: файл не принят`);
  // Characters Windows forbids in names, and control characters, become '_'.
  const safeName = [...fileName].map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('').slice(0, 200);
  return { bytes, fileName: safeName, contentType: kind.contentType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export class AttachmentStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Writes the bytes once (same content, same file); flushed before the rename makes them visible. */
  save(file: CheckedFile): void {
    const target = this.pathOf(file.sha256);
    if (fs.existsSync(target)) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.tmp`;
    const fd = fs.openSync(temporary, 'wx');
    try {
      fs.writeSync(fd, file.bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
  }

  read(sha256: string): Buffer {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) throw new AppError(404, 'not-found', 'Файл не найден в хранилище сервера (удалён вручную?)');
    return fs.readFileSync(file);
  }
}
