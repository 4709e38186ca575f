// `npm start` (after `npm run build`): builds better-sqlite3 once for Electron's ABI into
// build/electron-native/ (see src/main/electron/native-binding.ts) and starts Electron on
// this project. When Electron or its headers cannot be had, it says so in Russian and exits 1;
// `npm run serve` needs neither.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const nativeDir = path.join(root, 'build', 'electron-native');
const nativeModule = path.join(nativeDir, 'better_sqlite3.node');
const nativeStamp = path.join(nativeDir, 'built-for.txt');
const sourceDir = path.join(nativeDir, 'src');
const HEADERS_URL = 'https://electronjs.org/headers';
const SERVE_HINT = 'Без Electron журнал работает и так: «npm run serve» запускает сервер, его адрес открывается в любом браузере.';

function fail(...lines) {
  console.error(['', 'Электронный журнал не запущен.', ...lines, SERVE_HINT, ''].join('\n'));
  process.exit(1);
}

function readVersion(packageDir, what) {
  const file = path.join(root, 'node_modules', packageDir, 'package.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch (error) {
    return fail(`Не удалось узнать версию ${what} из ${file}: ${error.message}`, 'Выполните «npm install» в папке проекта.');
  }
}

/** The Electron executable; require('electron') outside Electron returns its path (and may try to download it). */
function electronBinary() {
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    return fail(
      `Не найдена программа Electron (${error.message}).`,
      'Она скачивается с серверов GitHub при «npm install» или при первом «npm start»; без доступа к интернету её нет.',
      'Подключите компьютер к интернету и снова выполните «npm start».',
    );
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return fail(`Не найдена программа Electron: файла ${String(binary)} нет.`, 'Подключите компьютер к интернету и снова выполните «npm start»: Electron скачается заново.');
  }
  return binary;
}

/** node-gyp from node_modules/.bin, or through npx. */
function nodeGypCommand() {
  const isWindows = process.platform === 'win32';
  const local = path.join(root, 'node_modules', '.bin', isWindows ? 'node-gyp.cmd' : 'node-gyp');
  if (fs.existsSync(local)) return { command: isWindows ? `"${local}"` : local, prefix: [], shell: isWindows };
  return { command: isWindows ? 'npx.cmd' : 'npx', prefix: ['node-gyp'], shell: isWindows };
}

/**
 * node-gyp lets npm_config_* variables override its command line, and `npm start` exports
 * this machine's npm config (nodedir=/usr): it would silently build against Node's headers,
 * and Electron would then refuse the module (NODE_MODULE_VERSION). So drop those variables
 * and also set node-gyp's own package-config variables, which win over npm_config_* even
 * when npx puts nodedir back.
 */
function nodeGypEnvironment(electronVersion) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) continue;
    env[key] = value;
  }
  env.npm_config_nodedir = '';
  env.npm_package_config_node_gyp_nodedir = '';
  env.npm_package_config_node_gyp_target = electronVersion;
  env.npm_package_config_node_gyp_dist_url = HEADERS_URL;
  env.npm_package_config_node_gyp_runtime = 'electron';
  return env;
}

function buildNativeModule(electronVersion, sqliteVersion) {
  const builtFor = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}`;
  // A module without a stamp was put there by hand: trust it. A stamp of other versions: rebuild.
  const stamp = fs.existsSync(nativeStamp) ? fs.readFileSync(nativeStamp, 'utf8').trim() : null;
  if (fs.existsSync(nativeModule) && (stamp === null || stamp === builtFor)) return;
  // A module for another Electron must not stay behind if this build fails.
  fs.rmSync(nativeModule, { force: true });
  fs.rmSync(nativeStamp, { force: true });

  console.log(`Сборка модуля SQLite (better-sqlite3 ${sqliteVersion}) для Electron ${electronVersion} — это нужно один раз…`);
  const packageDir = path.join(root, 'node_modules', 'better-sqlite3');
  try {
    fs.rmSync(sourceDir, { recursive: true, force: true });
    fs.mkdirSync(sourceDir, { recursive: true });
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
      fs.cpSync(path.join(packageDir, entry), path.join(sourceDir, entry), { recursive: true });
    }
  } catch (error) {
    fail(`Не удалось скопировать исходники better-sqlite3 из ${packageDir} в ${sourceDir}: ${error.message}`, 'Выполните «npm install» и повторите.');
  }

  const gyp = nodeGypCommand();
  const args = [...gyp.prefix, 'rebuild', `--target=${electronVersion}`, `--dist-url=${HEADERS_URL}`, '--runtime=electron'];
  console.log(`> ${[gyp.command, ...args].join(' ')}   (в ${sourceDir})`);
  const result = spawnSync(gyp.command, args, { cwd: sourceDir, stdio: 'inherit', env: nodeGypEnvironment(electronVersion), shell: gyp.shell });
  const built = path.join(sourceDir, 'build', 'Release', 'better_sqlite3.node');
  if (result.error || result.status !== 0 || !fs.existsSync(built)) {
    const reason = result.error ? result.error.message : result.status === null ? `прервана сигналом ${result.signal}` : `код выхода ${result.status}`;
    fail(
      `Не удалось собрать модуль SQLite для Electron ${electronVersion}: node-gyp завершился с ошибкой (${reason}).`,
      `Для сборки нужен доступ в интернет к заголовочным файлам Electron (${HEADERS_URL}), а также Python и компилятор C++`,
      '(Windows: Visual Studio Build Tools с «Разработкой классических приложений на C++»; Linux: build-essential и python3).',
      'Подробности — в выводе node-gyp выше.',
    );
  }
  fs.copyFileSync(built, `${nativeModule}.tmp`);
  fs.renameSync(`${nativeModule}.tmp`, nativeModule);
  fs.writeFileSync(nativeStamp, `${builtFor}\n`);
  console.log(`Готово: ${path.relative(root, nativeModule)}`);
}

const entry = path.join(root, 'dist', 'main', 'electron-main.js');
if (!fs.existsSync(entry)) fail(`Нет собранной программы ${entry}.`, 'Выполните «npm run build» (команда «npm start» делает это сама).');

const electronVersion = readVersion('electron', 'Electron');
const sqliteVersion = readVersion('better-sqlite3', 'better-sqlite3');
// Look for Electron first: there is no point building its module when it cannot run.
const binary = electronBinary();
buildNativeModule(electronVersion, sqliteVersion);

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env });
child.on('error', (error) => fail(`Не удалось запустить Electron (${binary}): ${error.message}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
