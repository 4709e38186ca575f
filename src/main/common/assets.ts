// Finds the project's assets/ folder whether the code runs from src/ (tests, tsx) or from
// the bundle in dist/ (serve, Electron), by walking up from this module.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let assetsRoot: string | undefined;

export function assetPath(...segments: string[]): string {
  if (!assetsRoot) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6 && !fs.existsSync(path.join(dir, 'assets', 'fonts')); i++) dir = path.dirname(dir);
    assetsRoot = path.join(dir, 'assets');
  }
  return path.join(assetsRoot, ...segments);
}

/** The folder that holds assets/ and dist/: the project in development, the app when packaged. */
export function projectRoot(): string {
  return path.dirname(assetPath());
}
