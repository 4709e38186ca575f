// Daily backups of the live database and restore (issue 6, item 7). Owned by src/main/backup. Spread into `api` in contract.ts.

export const backupApi = {} as const;
