import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'electron-vite'
import { rendererConfig } from './renderer/vite.config'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * Three builds into out/ (or `--outDir`): the main process (ESM, dependencies left in node_modules, where
 * electron-builder packs them), the preload (one CommonJS file with everything inlined, because
 * a sandboxed preload can require nothing but 'electron'), and the renderer, which is the UI's
 * own Vite config (renderer/vite.config.ts) so `npm run build:renderer` and this build agree.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: { input: { index: `${root}main/index.ts` } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: `${root}preload/index.ts` },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: mergeConfig(rendererConfig, {
    build: { rolldownOptions: { input: { index: `${root}renderer/index.html` } } },
  }),
})
