// Proves which SQLite native module the Electron shell loads: electron-builder's in a packaged app, build/electron-native in development, otherwise a Russian hint to use npm start.

import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { chooseNativeBinding, ELECTRON_NATIVE_RELATIVE } from '../../../src/main/electron/native-binding';

const root = path.join(path.sep, 'home', 'teacher', 'school-journal');
const expected = path.join(root, 'build', 'electron-native', 'better_sqlite3.node');

describe('chooseNativeBinding', () => {
  it('uses the module packaged by electron-builder without looking at the disk', () => {
    const exists = vi.fn(() => false);
    expect(chooseNativeBinding(true, root, exists)).toEqual({ kind: 'packaged' });
    expect(exists).not.toHaveBeenCalled();
  });

  it('uses build/electron-native/better_sqlite3.node in development when it exists', () => {
    expect(ELECTRON_NATIVE_RELATIVE).toBe(path.join('build', 'electron-native', 'better_sqlite3.node'));
    const exists = vi.fn((p: string) => p === expected);
    expect(chooseNativeBinding(false, root, exists)).toEqual({ kind: 'development', path: expected });
    expect(exists).toHaveBeenCalledWith(expected);
  });

  it('explains in Russian that npm start builds the missing module', () => {
    const choice = chooseNativeBinding(false, root, () => false);
    expect(choice.kind).toBe('missing');
    if (choice.kind !== 'missing') return;
    expect(choice.message).toContain('Не найдена сборка модуля SQLite для Electron');
    expect(choice.message).toContain(expected);
    expect(choice.message).toContain('«npm start»');
  });

  it('checks the real disk by default', () => {
    expect(chooseNativeBinding(false, path.join(root, 'no-such-folder')).kind).toBe('missing');
  });
});
