// One tool (electron-vite, on Vite) builds all three bundles: main, preload and renderer.
import fs from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * `virtual:locale-meta`: each locale file's `meta` (name, direction, review status), read at
 * build time, so the language list needs none of the strings: each language's strings stay
 * in their own chunk, loaded when that language is chosen (renderer/src/i18n.ts).
 */
function localeMeta(): Plugin {
  const id = 'virtual:locale-meta';
  const dir = resolve(import.meta.dirname, 'resources/locales');
  return {
    name: 'outreach-locale-meta',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(loaded) {
      if (loaded !== `\0${id}`) return undefined;
      const metas: Record<string, unknown> = {};
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        this.addWatchFile(resolve(dir, file));
        metas[file.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(resolve(dir, file), 'utf8')).meta;
      }
      return `export default ${JSON.stringify(metas)};`;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file with its dependencies inlined.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), localeMeta()],
    build: {
      outDir: 'out/renderer',
      // A production build: minified; fonts and other assets as files, never inlined as data:
      // URLs (the CSP allows fonts from 'self' only). Screens are split by dynamic import (app/lazy-screens.tsx).
      // NO_MINIFY=1 keeps names readable for a CPU profile (docs/profiling-screens.md).
      minify: !process.env.NO_MINIFY,
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
