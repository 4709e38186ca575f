// Lint: typescript-eslint's recommended rules plus the layer rules of docs/architecture.md
// as errors. A wrong import across layers fails `npm run lint` with a message naming the rule.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer('Слой renderer: импортирует только src/shared и свои файлы (docs/architecture.md, «Слои»)', [
        '**/main/**',
        '**/preload/**',
        'node:*',
        'electron',
        'better-sqlite3',
        'knex',
        'fastify',
      ]),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    ...{
      rules: layer('Слой shared: чистый TypeScript без node:*, electron, DOM и других папок src/ (docs/architecture.md, «Слои»)', [
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
        'node:*',
        'electron',
        'react',
        'react-dom',
        'better-sqlite3',
        'knex',
        'fastify',
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer('Слой preload: только contextBridge/ipcRenderer и src/shared (docs/architecture.md, «Слои»)', ['**/main/**', '**/renderer/**', 'node:*']),
  },
  {
    files: ['src/main/db/**/*.ts'],
    rules: layer('Слой main/db: не зависит от функций, сервера и оболочки (docs/architecture.md, «Слои»)', [
      '**/renderer/**',
      ...['accounts', 'audit', 'school', 'settings', 'demo', 'imports', 'calendar', 'directories', 'people', 'timetable', 'journal', 'work-programs', 'diary', 'messages', 'news', 'statements', 'drives', 'archive', 'archive-view', 'backup', 'server', 'electron'].flatMap((f) => [`../../${f}/**`, `../${f}/**`]),
    ]),
  },
  {
    files: ['src/main/{accounts,audit,school,settings,demo,common,imports,calendar,directories,people,timetable,journal,work-programs,diary,messages,news,statements,drives,archive,archive-view,backup}/**/*.{ts,tsx}'],
    rules: layer('Функции main/<feature> не импортируют main/server, main/electron и renderer (docs/architecture.md, «Слои»)', [
      '**/renderer/**',
      '../server/**',
      '../electron/**',
      'electron',
    ]),
  },
  {
    files: ['src/main/server/**/*.ts'],
    rules: layer('main/server не импортирует оболочку Electron и renderer (docs/architecture.md, «Слои»)', ['../electron/**', '**/renderer/**', 'electron']),
  },
);
