// External drives of the server PC (issue 6, item 3). Owned by src/main/drives. Spread into `api` in contract.ts.

export const drivesApi = {} as const;
