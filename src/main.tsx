import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import { App } from './App.tsx';
import { appStore } from './state/store.ts';
import { startRunner } from './state/runner.ts';
import { chartsStore } from './state/chartsStore.ts';
import { startChartsRunner } from './state/chartsRunner.ts';
import { openLink } from './state/share.ts';
import { setActiveUrlSync, startUrlSync } from './state/urlSync.ts';
import { createBoot } from './platform/boot.ts';
import { takeLatencySamples } from './platform/latency.ts';
import { takeRenderCounts } from './ui/renderCount.ts';
import { chartsDrawn } from './ui/charts/drawnLater.ts';
import { learnStore } from './state/learnStore.ts';
import { learnRunner } from './state/learnRunner.ts';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

// A shared scene is read once, before the first render: null or a bad link keeps the defaults and says why.
const sharedHash = location.hash.length > 1 ? location.hash : '';
if (sharedHash) openLink(appStore, sharedHash, 'boot');
// A link with learn settings opens the Learn area: its runner starts with the page.
if (learnStore.getState().open) learnRunner();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

const urlSync = startUrlSync(appStore);
setActiveUrlSync(urlSync);
// The address bar shows the scene actually loaded (the defaults after a bad link, the valid part of a damaged one).
if (sharedHash) urlSync.flush();

const boot = createBoot(appStore);
const runner = startRunner(appStore, boot.host);
const chartsRunner = startChartsRunner(appStore, boot.host, chartsStore);
void boot.start(runner, chartsRunner);

/** Memory figures for the browser tests' leak checks: tf.js tensors and bytes of every engine, and the page's JS heap (when exposed). */
async function memory() {
  const m = await boot.memory();
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return { ...m, usedJSHeapSize: heap?.usedJSHeapSize ?? null };
}

// A small handle for demos, the browser tests (tests/e2e) and the latency benchmark (tests/bench/browser.bench.ts):
// the store, idle() (no evaluation pending), where the engine runs, a simulated WebGL context loss and worker
// crash, latency samples, render counts per component, the elementwise baseline pass, and memory() (tensor
// count and JS heap, for leak checks), and learn mode's store and idle().
Object.assign(window, {
  __lossExplorer: {
    store: appStore,
    charts: chartsStore,
    idle: () => runner.idle(),
    chartsIdle: () =>
      boot
        .chartsSettled()
        .then(() => chartsRunner.idle())
        .then(chartsDrawn),
    engineThread: () => boot.thread(),
    loseWebglContext: () => boot.loseWebglContext(),
    killWorker: () => boot.killWorker(),
    takeLatencySamples,
    renders: takeRenderCounts,
    baseline: (size: number) => boot.baseline(size),
    memory,
    learn: learnStore,
    learnIdle: () => learnRunner().idle(),
  },
});
