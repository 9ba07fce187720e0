import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src-main/app/index.ts'),
          cli: resolve('src-main/cli/index.ts'),
          'import-worker': resolve('src-main/workers/import-worker.ts'),
          'training-worker': resolve('src-main/workers/training-worker.ts'),
          'export-worker': resolve('src-main/workers/export-worker.ts'),
          'latent-worker': resolve('src-main/workers/latent-worker.ts'),
        },
        // Entries at the top of out/main, shared code in chunks/: services/worker-url.ts relies on this layout.
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: { rollupOptions: { input: { index: resolve('src-renderer/index.html') } } },
    plugins: [react()],
  },
})
