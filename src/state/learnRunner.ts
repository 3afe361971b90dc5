/**
 * Learn mode's runner: the only code that talks to the learn engine. The engine is an EngineService in a
 * worker of its own (started when the Learn area first opens; never webgl: the screen's engine has the
 * GPU context, and the host path on wasm/cpu gives the same numbers on every machine), or on the main
 * thread with ?engine=main or where no worker starts. Settings changes rebuild the run at step 0;
 * while playing, one learnStep(stepsPerFrame) per animation frame, never two at a time.
 */
import { parseBackendName } from '../core/backend.ts';
import { connectMainThread, connectWorker } from '../worker/connect.ts';
import type { EngineConnection } from '../worker/connect.ts';
import type { LearnReport, LearnSetup } from '../worker/learn.ts';
import { laneName } from '../ui/learn/labels.ts';
import { YARDSTICKS } from '../worker/learnSettings.ts';
import { appStore } from './store.ts';
import { defaultFrame } from './frame.ts';
import { activeUrlSync } from './urlSync.ts';
import type { AppStore } from './store.ts';
import { learnStore } from './learnStore.ts';
import type { ChartPoint, LaneState, LearnState, LearnStore } from './learnStore.ts';

/** Chart rows kept; older ones are thinned to every other row. */
const MAX_POINTS = 600;
/** The charts get new rows at most this often while playing (a recharts redraw can cost a frame). */
const CHART_INTERVAL_MS = 250;

export interface LearnRunner {
  reset(): Promise<void>;
  step(): Promise<void>;
  /** Copies lane i's prediction into the editor (one undo entry). */
  usePrediction(index: number): void;
  /** Resolves when no call to the learn engine is under way. */
  idle(): Promise<void>;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createLearnRunner(
  app: AppStore = appStore,
  learn: LearnStore = learnStore,
  search = globalThis.location?.search ?? '',
): LearnRunner {
  const query = new URLSearchParams(search);
  const forced = parseBackendName(query.get('backend'));
  let conn: EngineConnection | null = null;
  let starting: Promise<EngineConnection> | null = null;
  let busy: Promise<void> = Promise.resolve();
  let inFlight = 0;
  let generation = 0;
  let recent: { at: number; steps: number }[] = [];
  let rows: ChartPoint[] = [];
  let chartsAt = 0;
  let linkTimer: ReturnType<typeof setTimeout> | undefined;

  async function engine(): Promise<EngineConnection> {
    if (conn) return conn;
    starting ??= (async () => {
      learn.setState({ status: 'starting', message: 'Starting the learn engine…' });
      let c: EngineConnection;
      try {
        c =
          query.get('engine') === 'main'
            ? await connectMainThread()
            : connectWorker('learn', (reason) => {
                conn = null;
                starting = null;
                learn.setState({
                  status: 'error',
                  playing: false,
                  message: `The learn engine stopped (${reason}); press Reset to start it again.`,
                });
              });
      } catch {
        c = await connectMainThread();
      }
      await c.api.start({ forced: forced === 'webgl' ? null : forced, exclude: ['webgl'] });
      conn = c;
      return c;
    })();
    try {
      return await starting;
    } catch (err) {
      starting = null;
      throw err;
    }
  }

  /** Runs calls to the engine one after another. */
  function serial(work: () => Promise<void>): Promise<void> {
    inFlight += 1;
    const next = busy
      .then(work)
      .catch((err: unknown) => {
        learn.setState({ status: 'error', playing: false, message: `Learn mode: ${describe(err)}` });
      })
      .finally(() => {
        inFlight -= 1;
      });
    busy = next;
    return next;
  }

  function apply(report: LearnReport, fresh: boolean): void {
    const s = learn.getState();
    const lanes: LaneState[] = report.lanes.map((r, i) => ({
      step: r.step,
      value: r.value,
      startValue: fresh ? r.value : (s.lanes[i]?.startValue ?? r.value),
      metrics: r.metrics,
      levels: r.levels,
      gradient: r.gradient,
    }));
    if (fresh) rows = [];
    const step = lanes[0]?.step ?? 0;
    if (fresh || step !== rows[rows.length - 1]?.step) {
      const row: ChartPoint = { step };
      lanes.forEach((l, i) => {
        row[`l${i}`] = l.value;
        for (const y of YARDSTICKS) row[`${y}${i}`] = l.metrics?.[y] ?? null;
        row[`r${i}`] = l.startValue !== 0 ? l.value / l.startValue : null;
      });
      rows.push(row);
      if (rows.length > MAX_POINTS) rows = rows.filter((_, i) => i % 2 === 0 || i === rows.length - 1);
    }
    const now = performance.now();
    recent = [...recent.filter((w) => now - w.at < 1000), { at: now, steps: step }];
    const first = recent[0]!;
    const stepsPerSecond =
      !fresh && now - first.at > 200 ? ((step - first.steps) * 1000) / (now - first.at) : s.stepsPerSecond;
    const done = lanes.every((l) => l.step >= s.settings.stopAfter);
    const playing = s.playing && !done;
    const patch: Partial<LearnState> = {
      lanes,
      frame: s.frame + 1,
      stepsPerSecond,
      status: 'ready',
      message: null,
      playing,
    };
    if (!playing || now - chartsAt >= CHART_INTERVAL_MS) {
      patch.points = [...rows];
      chartsAt = now;
    }
    learn.setState(patch);
  }

  function setupNow(): LearnSetup {
    const { scene } = app.getState();
    const { settings } = learn.getState();
    return {
      target: Float32Array.from(scene.target),
      pred: Float32Array.from(scene.pred),
      height: scene.height,
      width: scene.width,
      lanes: settings.lanes.map((l) => ({ loss: l.loss, params: { ...l.params } })),
      optimizer: { ...settings.optimizer },
      start: settings.start,
      seed: settings.seed,
    };
  }

  const runner: LearnRunner = {
    reset() {
      const gen = ++generation;
      learn.setState({ playing: false });
      return serial(async () => {
        const c = await engine();
        if (gen !== generation) return;
        const setup = setupNow();
        const report = await c.api.learnReset(setup, { gradients: learn.getState().showGradient });
        if (gen !== generation) return;
        recent = [];
        learn.setState({
          runTarget: setup.target,
          runGrid: { height: setup.height, width: setup.width },
          runSceneRev: app.getState().sceneRev,
          stepsPerSecond: null,
        });
        apply(report, true);
      });
    },
    step() {
      const gen = generation;
      return serial(async () => {
        if (!conn || gen !== generation || learn.getState().lanes.length === 0) return;
        const s = learn.getState();
        const report = await conn.api.learnStep(s.playing ? s.stepsPerFrame : 1, {
          gradients: s.showGradient,
          limit: s.settings.stopAfter,
        });
        if (gen !== generation) return;
        apply(report, false);
      });
    },
    usePrediction(index) {
      const s = learn.getState();
      const lane = s.lanes[index];
      const spec = s.settings.lanes[index];
      if (!lane?.levels || !s.runTarget || !spec) return;
      const pred = Float32Array.from(lane.levels, (q) => q / 255);
      app
        .getState()
        .loadScene(
          { ...s.runGrid, target: Float32Array.from(s.runTarget), pred },
          null,
          `learn: ${laneName(spec)} at step ${lane.step}`,
        );
    },
    idle: async () => {
      while (inFlight > 0) await busy;
    },
  };

  // Play: one step per animation frame while the previous one is done.
  const loop = () => {
    const s = learn.getState();
    if (!s.playing || !s.open) return;
    if (inFlight === 0) void runner.step();
    defaultFrame(loop);
  };
  learn.subscribe((s, prev) => {
    if (s.open && !prev.open && s.lanes.length === 0) void runner.reset();
    if (s.settings !== prev.settings && s.open) {
      const a = s.settings;
      const b = prev.settings;
      // The yardstick and "stop after" change what is shown and where play pauses, not the run.
      if (a.lanes !== b.lanes || a.optimizer !== b.optimizer || a.start !== b.start || a.seed !== b.seed)
        void runner.reset();
    }
    if (s.playing && !prev.playing) defaultFrame(loop);
    // The link carries the learn settings (state/share.ts): rewrite it when they change.
    if (s.settings !== prev.settings || s.open !== prev.open) {
      clearTimeout(linkTimer);
      linkTimer = setTimeout(() => activeUrlSync()?.flush(), 250);
    }
    if (!s.playing && prev.playing && s.points.length !== rows.length) learn.setState({ points: [...rows] });
  });
  // A link can open the area before the runner exists.
  if (learn.getState().open) void runner.reset();
  return runner;
}

let active: LearnRunner | null = null;

/** The page's learn runner, made on first use (the Learn area mounts it). */
export function learnRunner(): LearnRunner {
  active ??= createLearnRunner();
  return active;
}
