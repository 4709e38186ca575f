// Viewing a past year from its archive (issue 6, item 6), read-only: `/archive/:archiveId` lists the classes,
// `.../classes/:classId` a class's journal pages, `.../classes/:classId/attendance` its averages and absences,
// `.../journals/:classId/:subjectId/:groupKey` a page in the normal journal grid. The server reads the archive's
// drive, so this works from any desktop; the banner on every screen says which archive it is.

import { Alert, Stack } from '@mantine/core';
import { Route, Routes, useParams } from 'react-router';
import { api } from '../../shared/api/contract';
import { call } from '../api/client';
import { QueryView } from '../components/QueryView';
import { useQuery } from '../stores/use-query';
import { ArchiveAttendance } from '../archive-view/ArchiveAttendance';
import { ArchiveBanner } from '../archive-view/ArchiveBanner';
import { ArchiveClass } from '../archive-view/ArchiveClass';
import { ArchiveClasses } from '../archive-view/ArchiveClasses';
import { ArchiveJournal } from '../archive-view/ArchiveJournal';

const positiveId = (text: string | undefined) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function ArchiveViewPage() {
  const archiveId = positiveId(useParams().archiveId);
  if (archiveId === null) return <Alert color="yellow">Неверный адрес архива.</Alert>;
  return <ArchiveView archiveId={archiveId} />;
}

function ArchiveView({ archiveId }: { archiveId: number }) {
  // The summary is loaded once for the banner and the classes list; each screen below loads its own data.
  const summary = useQuery(() => call(api.archiveViewSummary, { params: { archiveId } }), [archiveId]);
  return (
    <QueryView query={summary}>
      {(data) => (
        <Stack gap="md">
          <ArchiveBanner archive={data.archive} />
          <Routes>
            <Route index element={<ArchiveClasses summary={data} />} />
            <Route path="classes/:classId" element={<ClassRoute archiveId={archiveId} view="class" />} />
            <Route path="classes/:classId/attendance" element={<ClassRoute archiveId={archiveId} view="attendance" />} />
            <Route path="journals/:classId/:subjectId/:groupKey" element={<JournalRoute archiveId={archiveId} />} />
            <Route path="*" element={<Alert color="yellow">Такой страницы в архиве нет.</Alert>} />
          </Routes>
        </Stack>
      )}
    </QueryView>
  );
}

function ClassRoute({ archiveId, view }: { archiveId: number; view: 'class' | 'attendance' }) {
  const classId = positiveId(useParams().classId);
  if (classId === null) return <Alert color="yellow">Неверный адрес класса.</Alert>;
  return view === 'class' ? (
    <ArchiveClass archiveId={archiveId} classId={classId} />
  ) : (
    <ArchiveAttendance archiveId={archiveId} classId={classId} />
  );
}

function JournalRoute({ archiveId }: { archiveId: number }) {
  const params = useParams();
  const classId = positiveId(params.classId);
  const subjectId = positiveId(params.subjectId);
  const groupKey = Number(params.groupKey);
  if (classId === null || subjectId === null || !Number.isInteger(groupKey) || groupKey < 0)
    return <Alert color="yellow">Неверный адрес страницы журнала.</Alert>;
  return <ArchiveJournal archiveId={archiveId} journalKey={{ classId, subjectId, groupKey }} />;
}
