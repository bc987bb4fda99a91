import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The API server (apps/server) in development; in production it serves apps/web/dist itself. */
const API_TARGET = process.env.EBID_API_TARGET ?? 'http://127.0.0.1:3000';

/** Code that must never reach the browser bundle (the API router is imported as a type only). */
const SERVER_ONLY = /[\\/](packages[\\/](api|services|db|storage|config)|apps[\\/]server)[\\/]/;

const BROWSER_SAFE = new Set(['@ebid/pki/constants', '@ebid/pki/browser']);

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'ebid-no-server-code',
      enforce: 'pre',
      resolveId: {
        order: 'pre',
        handler(source, importer) {
          // Browser-safe workspace packages: the domain rules, the PKI's constants (no forge) and the
          // browser entry of the PKI (loaded on demand).
          if (source.startsWith('@ebid/') && !source.startsWith('@ebid/domain') && !BROWSER_SAFE.has(source)) {
            throw new Error(`[ebid] server package ${source} imported at runtime from ${importer ?? '?'}; use "import type"`);
          }
          return null;
        },
      },
      load(id) {
        if (SERVER_ONLY.test(id)) throw new Error(`[ebid] server-only module in the web bundle: ${id}`);
        return null;
      },
    },
  ],
  server: {
    proxy: {
      '/trpc': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/trpc': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 25 },
            { name: 'antd', test: /node_modules[\\/]antd[\\/]/, priority: 20 },
            { name: 'antd-base', test: /node_modules[\\/](@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis|dayjs)[\\/]/, priority: 22 },
            { name: 'data', test: /node_modules[\\/](@tanstack|@trpc)[\\/]/, priority: 15 },
          ],
        },
      },
    },
  },
});
