// Files attached to a message: the same types and 10 MB limit as homework files (the server checks again, by
// content too), read as base64 for the JSON request.

import dayjs from 'dayjs';
import { ATTACHMENT_MAX_BYTES } from '../../shared/api/journal-schemas';
import { MESSAGE_MAX_FILES } from '../../shared/api/messages-schemas';
import { fileToBase64 } from '../components/file-base64';

export const ALLOWED_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'docx', 'xlsx', 'pptx', 'odt', 'doc', 'xls', 'rtf', 'txt'];
export const ACCEPT = ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(',');

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`;
}

/** Why a chosen file cannot be sent, or null. */
export function fileProblem(file: File, alreadyChosen: number): string | null {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!ALLOWED_EXTENSIONS.includes(extension)) return `Файл «${file.name}» не принят: можно прикрепить ${ALLOWED_EXTENSIONS.join(', ')}`;
  if (file.size > ATTACHMENT_MAX_BYTES) return `Файл «${file.name}» больше 10 МБ`;
  if (alreadyChosen >= MESSAGE_MAX_FILES) return `К сообщению можно приложить не больше ${MESSAGE_MAX_FILES} файлов`;
  return null;
}

export async function encodeFiles(files: readonly File[]): Promise<Array<{ fileName: string; contentBase64: string }>> {
  return Promise.all(files.map(async (f) => ({ fileName: f.name, contentBase64: await fileToBase64(f) })));
}

/** '12.03.2027 14:05', or only the time for today. */
export function messageTime(iso: string): string {
  const at = dayjs(iso);
  return at.isSame(dayjs(), 'day') ? at.format('HH:mm') : at.format('DD.MM.YYYY HH:mm');
}
