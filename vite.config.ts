import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer SPA, served by the journal server from its root (absolute asset URLs, so
// nested routes such as /classes/3 load correctly). The Electron first-run page has its
// own config (vite.connect.config.ts) because it is opened from disk.
export default defineConfig({
  root: 'src/renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { input: resolve(import.meta.dirname, 'src/renderer/index.html') },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8585' },
  },
});
