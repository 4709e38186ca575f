// HTTP routes of the summary statements and their registry (issue 6, items 1-2).

import type { Db } from '../db/connection';

export interface StatementRouteOptions {
  version: string;
  clock: () => Date;
}

export function statementRoutes(_db: Db, _options: StatementRouteOptions) {
  return {};
}
