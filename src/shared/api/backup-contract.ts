// Daily backups of the live database and restore (issue 6, item 7). Owned by src/main/backup. Spread into `api` in contract.ts.
// Everything here is the administrator's (`backup.manage`): a restore replaces the whole school's data.

import { endpoint } from './endpoint';
import * as b from './backup-schemas';
import { okSchema } from './schemas';

export const backupApi = {
  listBackups: endpoint({ method: 'GET', path: '/backups', summary: 'Резервные копии базы данных, их настройки и подготовленное восстановление', permission: 'backup.manage', response: b.backupListSchema }),
  getBackupSettings: endpoint({ method: 'GET', path: '/backups/settings', summary: 'Настройки резервного копирования', permission: 'backup.manage', response: b.backupSettingsSchema }),
  saveBackupSettings: endpoint({ method: 'PUT', path: '/backups/settings', summary: 'Сохранение папки, времени и срока хранения резервных копий', permission: 'backup.manage', body: b.backupSettingsBodySchema, response: b.backupSettingsSchema }),
  createBackup: endpoint({ method: 'POST', path: '/backups', summary: 'Создание резервной копии сейчас', permission: 'backup.manage', response: b.createBackupResultSchema }),
  prepareRestore: endpoint({ method: 'POST', path: '/backups/:backupId/restore', summary: 'Восстановление, шаг 1: развернуть копию в отдельной папке и проверить её', permission: 'backup.manage', params: b.backupIdParamsSchema, response: b.preparedRestoreSchema }),
  switchRestore: endpoint({ method: 'POST', path: '/restores/:restoreId/switch', summary: 'Восстановление, шаг 2: переключиться на проверенную копию (с перезапуском сервера)', permission: 'backup.manage', params: b.restoreIdParamsSchema, response: b.switchRestoreResultSchema }),
  cancelRestore: endpoint({ method: 'DELETE', path: '/restores/:restoreId', summary: 'Отмена подготовленного восстановления', permission: 'backup.manage', params: b.restoreIdParamsSchema, response: okSchema }),
} as const;
