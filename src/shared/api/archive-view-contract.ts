// Read-only viewing of a past year from its archive (issue 6, item 6). Owned by src/main/archive-view. Spread into `api` in contract.ts.

export const archiveViewApi = {} as const;
