import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No COOP/COEP headers on purpose: a cross-origin-isolated page makes tf.js pick the
// threaded wasm build, whose setBackend hangs here (see docs/ARCHITECTURE.md).
export default defineConfig({
  plugins: [react()],
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
