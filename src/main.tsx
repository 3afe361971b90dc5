import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './styles/app.css';
import { App } from './App.tsx';
import { appStore } from './state/store.ts';
import { startRunner } from './state/runner.ts';
import { createBoot } from './platform/boot.ts';
import { loseWebglContext } from './platform/contextLoss.ts';
import { takeLatencySamples } from './platform/latency.ts';
import { elementwiseBaseline } from './platform/baseline.ts';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(<StrictMode><App /></StrictMode>);

const boot = createBoot(appStore);
const runner = startRunner(appStore, boot.host);
void boot.start(runner);

// A small handle for demos and browser tests (e.g. simulating a lost WebGL context).
Object.assign(window, {
  __lossExplorer: {
    store: appStore,
    idle: () => runner.idle(),
    loseWebglContext,
    takeLatencySamples,
    baseline: elementwiseBaseline,
  },
});
