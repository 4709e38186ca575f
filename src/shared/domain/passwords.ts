// Password rules shared by the server (enforcement) and the UI (hints as the user types).

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Returns a Russian description of what is wrong with a new password, or null. */
export function passwordProblem(password: string, login: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`;
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) return 'Пароль должен содержать буквы и цифры';
  if (password.toLowerCase().includes(login.toLowerCase())) return 'Пароль не должен содержать логин';
  return null;
}
