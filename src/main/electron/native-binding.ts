// better-sqlite3 is a native module built for one ABI at a time. Tests and `npm run serve`
// use the Node build in node_modules; Electron needs its own build, kept in
// build/electron-native/ by scripts/start-electron.mjs (the packaged app gets one from
// electron-builder instead). Missing build -> a clear message, not a NODE_MODULE_VERSION crash.

import fs from 'node:fs';
import path from 'node:path';

export const ELECTRON_NATIVE_RELATIVE = path.join('build', 'electron-native', 'better_sqlite3.node');

export type NativeBindingChoice = { kind: 'packaged' } | { kind: 'development'; path: string } | { kind: 'missing'; message: string };

export function chooseNativeBinding(isPackaged: boolean, projectRoot: string, exists: (p: string) => boolean = fs.existsSync): NativeBindingChoice {
  if (isPackaged) return { kind: 'packaged' };
  const candidate = path.join(projectRoot, ELECTRON_NATIVE_RELATIVE);
  if (exists(candidate)) return { kind: 'development', path: candidate };
  return {
    kind: 'missing',
    message:
      `Не найдена сборка модуля SQLite для Electron (${candidate}). ` +
      'Запустите программу командой «npm start»: она собирает этот модуль перед запуском.',
  };
}
