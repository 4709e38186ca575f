// Top level: what to show for the app's state (setup, login or a parent's registration, forced password change, the shell).

import { Alert, Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { Route, Routes } from 'react-router';
import { ChangePasswordPage } from '../pages/ChangePasswordPage';
import { LoginPage } from '../pages/LoginPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SetupPage } from '../pages/SetupPage';
import { useSession } from '../stores/session-store';
import { AppLayout } from './AppLayout';
import { RoleRoutes } from './RoleRoutes';

export function App() {
  const { status, me, load } = useSession();
  useEffect(() => {
    void load();
  }, [load]);

  if (status === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label="Загрузка" />
      </Center>
    );
  }
  if (status === 'offline') {
    return (
      <Center h="100vh">
        <Alert color="red" title="Нет связи с сервером журнала">
          Проверьте, что сервер запущен и компьютер подключён к сети школы, и обновите страницу.
        </Alert>
      </Center>
    );
  }
  if (status === 'needs-setup') return <SetupPage />;
  if (status === 'signed-out' || !me) {
    // Signed out: a parent with an activation code registers at /register; every other address shows the login.
    return (
      <Routes>
        <Route path="/register" element={<RegisterPage />} />
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  if (me.mustChangePassword) return <ChangePasswordPage isForced />;
  return (
    <AppLayout me={me}>
      <Routes>
        <Route path="/*" element={<RoleRoutes me={me} />} />
      </Routes>
    </AppLayout>
  );
}
