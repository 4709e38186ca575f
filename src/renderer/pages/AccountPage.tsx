import { ChangePasswordPage } from './ChangePasswordPage';

export function AccountPage() {
  return <ChangePasswordPage isForced={false} />;
}
