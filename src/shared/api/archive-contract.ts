// Yearly archives on external drives, their verification and retention (issue 6, items 4-5). Owned by src/main/archive. Spread into `api` in contract.ts.

export const archiveApi = {} as const;
