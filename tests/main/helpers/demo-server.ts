// A demo school on disk, then a real server on it: the fixture of the role x route tests.

import { openDatabase } from '../../../src/main/db/connection';
import { createDemoSchool, type DemoResult } from '../../../src/main/demo/demo-school';
import type { JournalServerOptions } from '../../../src/main/server/journal-server';
import { startTestServer, tempDir, type TestServer } from './test-server';

export async function startDemoServer(
  students = 60,
  options: { journalClock?: () => Date; journal?: boolean; drives?: JournalServerOptions['drives'] } = {},
): Promise<TestServer & { demo: DemoResult }> {
  const dataDir = tempDir('journal-demo-');
  const db = await openDatabase({ dataDir });
  const demo = await createDemoSchool(db, { students, journal: options.journal ?? false });
  await db.destroy();
  return {
    ...(await startTestServer(dataDir, { ...(options.journalClock ? { journalClock: options.journalClock } : {}), ...(options.drives ? { drives: options.drives } : {}) })),
    demo,
  };
}
