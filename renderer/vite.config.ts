import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The renderer build is served by both hosts: the desktop shell (app://identity-desk/) and the
// loopback web host. Relative asset URLs would break on client routes, so base stays '/'.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../.out/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    // Second document: the sandboxed form frame (design §7), served with its own CSP.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        formFrame: fileURLToPath(new URL('./form-frame.html', import.meta.url)),
      },
    },
  },
});
