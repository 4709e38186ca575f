// The screens, each reachable only from the navigation of roles that have it. The server
// checks permissions anyway; this only keeps people from pages that would answer 403.

import { Alert } from '@mantine/core';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router';
import type { Me } from '../../shared/api/schemas';
import { NAVIGATION } from '../../shared/domain/navigation';
import { roleGrants } from '../../shared/domain/permissions';
import { AccountPage } from '../pages/AccountPage';
import { AuditPage } from '../pages/AuditPage';
import { ChildrenPage } from '../pages/ChildrenPage';
import { ClassAbsencesPage } from '../pages/ClassAbsencesPage';
import { ClassAveragesPage } from '../pages/ClassAveragesPage';
import { ClassesPage } from '../pages/ClassesPage';
import { ClassParentsPage } from '../pages/ClassParentsPage';
import { NewsPage } from '../pages/NewsPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { ClassStudentsPage } from '../pages/ClassStudentsPage';
import { HomePage } from '../pages/HomePage';
import { ImportPage } from '../pages/ImportPage';
import { MessagesPage } from '../pages/MessagesPage';
import { MyClassesPage } from '../pages/MyClassesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { StudentCardPage } from '../pages/StudentCardPage';
import { UsersPage } from '../pages/UsersPage';
import { CurriculumPage } from '../pages/CurriculumPage';
import { DirectoriesPage } from '../pages/DirectoriesPage';
import { SchoolYearPage } from '../pages/SchoolYearPage';
import { TimetablePage } from '../pages/TimetablePage';
import { ControlPage } from '../pages/ControlPage';
import { DiaryPage } from '../pages/DiaryPage';
import { JournalPlanPage } from '../pages/JournalPlanPage';
import { JournalListPage } from '../pages/JournalListPage';
import { JournalPage } from '../pages/JournalPage';
import { WorkProgramsPage } from '../pages/WorkProgramsPage';
import { ArchivePage } from '../pages/ArchivePage';
import { ArchiveViewPage } from '../pages/ArchiveViewPage';
import { BackupsPage } from '../pages/BackupsPage';
import { StatementsPage } from '../pages/StatementsPage';

export function RoleRoutes({ me }: { me: Me }) {
  const allowed = (path: string) => NAVIGATION.find((n) => n.path === path)?.roles.some((r) => me.user.roles.includes(r)) ?? false;
  const guard = (path: string, element: ReactElement) => (allowed(path) ? element : <NotAllowed />);
  // The director and deputies see the school's structure; only the administrator edits it (3.2, 3.6).
  const canManageSchool = roleGrants(me.user.roles, 'school.manage');
  return (
    <Routes>
      <Route index element={<HomePage me={me} />} />
      <Route path="users" element={guard('/users', <UsersPage me={me} />)} />
      <Route path="classes" element={guard('/classes', <ClassesPage canEdit={canManageSchool} />)} />
      <Route path="classes/:classId" element={<ClassStudentsPage me={me} />} />
      <Route path="classes/:classId/absences" element={<ClassAbsencesPage me={me} />} />
      <Route path="classes/:classId/averages" element={<ClassAveragesPage me={me} />} />
      <Route path="classes/:classId/parents" element={<ClassParentsPage me={me} />} />
      <Route path="students/:studentId" element={<StudentCardPage me={me} />} />
      <Route path="journal" element={guard('/journal', <JournalListPage me={me} />)} />
      <Route path="journal/:classId/:subjectId/:groupKey" element={guard('/journal', <JournalPage me={me} />)} />
      <Route path="journal/:classId/:subjectId/:groupKey/plan" element={guard('/journal', <JournalPlanPage />)} />
      <Route path="diary/:studentId" element={allowed('/children') || allowed('/diary') ? <DiaryPage /> : <NotAllowed />} />
      <Route path="control" element={guard('/control', <ControlPage me={me} />)} />
      <Route path="work-programs" element={guard('/work-programs', <WorkProgramsPage me={me} />)} />
      <Route path="my-classes" element={guard('/my-classes', <MyClassesPage title="Мои классы" />)} />
      <Route path="my-class" element={guard('/my-class', <MyClassesPage title="Мой класс" leads />)} />
      <Route path="my-class/absences" element={guard('/my-class', <ClassAbsencesPage me={me} />)} />
      <Route path="my-class/averages" element={guard('/my-class', <ClassAveragesPage me={me} />)} />
      <Route path="my-class/parents" element={guard('/my-class', <ClassParentsPage me={me} />)} />
      <Route path="children" element={guard('/children', <ChildrenPage title="Мои дети" />)} />
      <Route path="diary" element={guard('/diary', <ChildrenPage title="Мой дневник" />)} />
      <Route path="school-year" element={guard('/school-year', <SchoolYearPage canEdit={canManageSchool} />)} />
      <Route path="curriculum" element={guard('/curriculum', <CurriculumPage canEdit={canManageSchool} />)} />
      <Route path="timetable" element={guard('/timetable', <TimetablePage canEdit={canManageSchool} />)} />
      <Route path="directories" element={guard('/directories', <DirectoriesPage canEdit={canManageSchool} />)} />
      <Route path="imports" element={guard('/imports', <ImportPage />)} />
      <Route path="audit" element={guard('/audit', <AuditPage />)} />
      <Route path="settings" element={guard('/settings', <SettingsPage />)} />
      <Route path="news" element={guard('/news', <NewsPage me={me} />)} />
      <Route path="notifications" element={guard('/notifications', <NotificationsPage />)} />
      <Route path="messages" element={guard('/messages', <MessagesPage />)} />
      <Route path="messages/:conversationId" element={guard('/messages', <MessagesPage />)} />
      <Route path="statements" element={guard('/statements', <StatementsPage />)} />
      <Route path="archive" element={guard('/archive', <ArchivePage />)} />
      <Route path="archive/:archiveId/*" element={guard('/archive', <ArchiveViewPage />)} />
      <Route path="backups" element={guard('/backups', <BackupsPage />)} />
      <Route path="account" element={<AccountPage />} />
      <Route path="*" element={<NotAllowed />} />
    </Routes>
  );
}

function NotAllowed() {
  return <Alert color="yellow">Такой страницы нет или она недоступна для вашей роли.</Alert>;
}
