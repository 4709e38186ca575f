// Proves the desktop shell starts and opens its «Электронный журнал» window; skipped, saying why, where the Electron binary is absent.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..', '..');
const mainScript = path.join(root, 'dist', 'main', 'electron-main.js');

/** The Electron executable, or why there is none. Never triggers electron's own download attempt. */
function findElectron(): { binary: string } | { absent: string } {
  const require = createRequire(path.join(root, 'package.json'));
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { absent: 'the electron package is not installed (run npm install)' };
  }
  // require('electron') downloads a missing binary; only ask it once the binary is installed.
  const pathFile = path.join(packageDir, 'path.txt');
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    if (!fs.existsSync(pathFile)) return { absent: `${pathFile} is missing: npm install could not download Electron (no internet access to GitHub)` };
    const expected = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8'));
    if (!fs.existsSync(expected)) return { absent: `${expected} does not exist: the Electron download is incomplete` };
  }
  try {
    const binary: unknown = require('electron');
    if (typeof binary !== 'string' || !fs.existsSync(binary)) return { absent: `${String(binary)} does not exist` };
    return { binary };
  } catch (error) {
    return { absent: `require('electron') failed: ${(error as Error).message}` };
  }
}

const found = findElectron();

test('the Electron shell opens the journal window', async () => {
  test.skip(
    'absent' in found,
    `Electron binary is absent: ${'absent' in found ? found.absent : ''}. The desktop shell cannot be started here; the journal itself is covered by the browser tests (npm run serve).`,
  );
  if (!('binary' in found)) return;
  expect(fs.existsSync(mainScript), 'run npm run build first').toBe(true);

  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-electron-'));
  const args = [mainScript, `--user-data-dir=${userData}`];
  // Chromium refuses to run as root with its OS sandbox (containers, CI).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  // ELECTRON_RUN_AS_NODE would make Electron behave as plain Node.
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0] !== 'ELECTRON_RUN_AS_NODE' && e[1] !== undefined));
  const app = await electron.launch({ executablePath: found.binary, args, cwd: root, env });
  try {
    const window = await app.firstWindow();
    // A fresh profile shows the mode choice, «Электронный журнал: подключение»; the journal itself is «Электронный журнал».
    await expect(window).toHaveTitle(/^Электронный журнал/);
    const windowTitle = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
    expect(windowTitle).toMatch(/^Электронный журнал/);
    // The renderer has no Node: the preload exposes only window.desktop.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { desktop?: unknown }).desktop)).toBe('object');
  } finally {
    await app.close();
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
