// Small formatting helpers of the archive screens (Russian dates, sizes, statuses).

import { ARCHIVE_STATUS_LABELS } from '../../shared/api/archive-schemas';

export function formatMoment(iso: string): string {
  const at = new Date(iso);
  return `${at.toLocaleDateString('ru-RU')} ${at.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' })}`;
}

/** 'YYYY-MM-DD' -> 'ДД.ММ.ГГГГ'. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} КБ`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
  return `${(bytes / 1024 / 1024 / 1024).toLocaleString('ru-RU', { maximumFractionDigits: 2 })} ГБ`;
}

export function statusColor(status: keyof typeof ARCHIVE_STATUS_LABELS): string {
  return status === 'ok' ? 'green' : status === 'damaged' ? 'red' : 'orange';
}

export { ARCHIVE_STATUS_LABELS };
