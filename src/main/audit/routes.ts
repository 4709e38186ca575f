// HTTP side of the audit log: reading it and verifying its chain.

import { api } from '../../shared/api/contract';
import { route } from '../common/route-types';
import type { Db } from '../db/connection';
import { listAudit, verifyAuditChain } from './audit-service';

export function auditRoutes(db: Db) {
  return {
    listAudit: route({
      endpoint: api.listAudit,
      handle: async ({ query }) => ({ entries: await listAudit(db, query.beforeId, query.limit) }),
    }),
    verifyAudit: route({
      endpoint: api.verifyAudit,
      handle: async () => verifyAuditChain(db),
    }),
  };
}
