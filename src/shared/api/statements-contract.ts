// Summary statements of final marks and the registry of printed statements (issue 6, items 1-2). Owned by src/main/statements. Spread into `api` in contract.ts.

export const statementsApi = {} as const;
