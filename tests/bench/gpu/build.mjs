// Builds the browser bench page (tests/bench/gpu) into .gpubench/dist (ignored scratch; see README.md).
// Usage: node tests/bench/gpu/build.mjs [outDir]
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const outDir = path.resolve(repo, process.argv[2] ?? '.gpubench/dist');

await build({
  configFile: false,
  root: here,
  base: './',
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
});
console.log(`built ${outDir}`);
