// Proves electron-builder.yml builds the promised installers (nsis, AppImage, deb, dmg), keeps native modules outside app.asar and passes electron-builder's own schema.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const configPath = path.join(root, 'electron-builder.yml');
// js-yaml and app-builder-lib come with electron-builder (a dev dependency) and have no bundled types.
const require = createRequire(path.join(root, 'package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };

type Target = string | { target: string };
interface BuilderConfig {
  appId?: string;
  productName?: string;
  directories?: { output?: string };
  files?: string[];
  asarUnpack?: string[];
  npmRebuild?: boolean;
  extraMetadata?: { main?: string };
  win?: { target?: Target[] };
  nsis?: { oneClick?: boolean; allowToChangeInstallationDirectory?: boolean; language?: string; installerLanguages?: string[] };
  linux?: { target?: Target[]; category?: string; maintainer?: string };
  mac?: { target?: Target[]; category?: string };
}

const config = yaml.load(fs.readFileSync(configPath, 'utf8')) as BuilderConfig;
const targets = (list: Target[] | undefined) => (list ?? []).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('names the application', () => {
    expect(config.appId).toBe('ru.school.journal');
    expect(config.productName).toBe('Электронный журнал');
    expect(config.directories?.output).toBe('release');
  });

  it('builds an NSIS installer in Russian that lets the user choose the folder', () => {
    expect(targets(config.win?.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true, language: '1049' });
    expect(config.nsis?.installerLanguages).toContain('ru_RU');
  });

  it('builds AppImage and deb for Linux and dmg for macOS, filed under education', () => {
    expect(targets(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education');
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(targets(config.mac?.target)).toEqual(['dmg']);
    expect(config.mac?.category).toBe('public.app-category.education');
  });

  it('packages the built app and keeps native modules and fonts outside app.asar', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'assets/**', 'package.json', 'node_modules/**']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@node-rs/**', 'assets/fonts/**']));
    expect(config.npmRebuild).toBe(true);
  });

  it('starts the bundled Electron main process', () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(config.extraMetadata?.main).toBe('dist/main/electron-main.js');
    expect(packageJson.main).toBe(config.extraMetadata?.main);
  });

  it("passes electron-builder's configuration schema", async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<object>;
      validateConfiguration(config: object, logger: object): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (isEnabled: boolean) => object };
    const loaded = await getConfig(root, configPath, null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
  });
});
