// Bundles the Node side with esbuild: the headless server, the Electron main process and
// the preload script. npm packages stay external (native modules must be loaded from disk).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  jsx: 'automatic',
  logLevel: 'warning',
};

await build({
  ...common,
  format: 'esm',
  entryPoints: {
    serve: 'src/main/server/cli.ts',
    'electron-main': 'src/main/electron/main.ts',
  },
  outdir: 'dist/main',
});

// A sandboxed preload must be a single CommonJS file.
await build({
  ...common,
  format: 'cjs',
  entryPoints: { index: 'src/preload/index.ts' },
  outdir: 'dist/preload',
  outExtension: { '.js': '.cjs' },
});
console.log('dist/main and dist/preload built');
