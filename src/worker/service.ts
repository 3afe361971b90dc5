/**
 * The engine side of the page: backend choice, the screen's engine and the charts' two engines, behind
 * EngineApi's plain-data calls. It runs in a module Web Worker (engine.worker.ts) and, when no worker can
 * start, on the main thread (connect.ts). No DOM: a worker has none.
 */
import { transfer } from 'comlink';
import { tf } from '../core/tf.ts';
import { LossEngine } from '../core/engine.ts';
import { planBackends } from '../core/backend.ts';
import { activateBackend } from '../core/activate.ts';
import { LOSS_IDS } from '../core/registry.ts';
import { IMPLEMENTATIONS } from '../core/losses/index.ts';
import {
  focalPaperFigure,
  focalTverskyFigure,
  parameterCurve,
  pixelLossCurve,
  responseCurvesAsync,
  tverskyMap,
} from '../core/curves.ts';
import type { LossId, ParamSet } from '../core/types.ts';
import { probeWebgl } from '../platform/probe.ts';
import { loseWebglContext, watchWebglContext } from '../platform/contextLoss.ts';
import { elementwiseBaseline } from '../platform/baseline.ts';
import type {
  EngineApi,
  EngineEvent,
  EvaluateReply,
  EvaluateRequest,
  SceneData,
  StartOptions,
  Started,
} from './protocol.ts';
import { LearnSession, reportBuffers } from './learn.ts';
import type { LearnReport, LearnSetup, StepOptions } from './learn.ts';

const DEVICE_KEYS = Object.fromEntries(LOSS_IDS.map((id) => [id, [...IMPLEMENTATIONS[id].deviceKeys]])) as Partial<
  Record<LossId, readonly string[]>
> as Record<LossId, readonly string[]>;

interface Engines {
  /** The screen's evaluations. */
  screen: LossEngine;
  /** The paper figures and per-pixel curves: they set tiny ground truths of their own. */
  figures: LossEngine;
  /** Curves of the current masks (parameter curve, FP × FN map, response). */
  charts: LossEngine;
}

export class EngineService implements EngineApi {
  private engines: Engines | null = null;
  private unwatch: () => void = () => {};
  private readonly runs = new Map<number, AbortController>();
  /** Chart calls, one after another: a response run yields between its steps and must not share its engine mid-step. */
  private chartQueue: Promise<unknown> = Promise.resolve();
  private readonly learn = new LearnSession();

  async start(options: StartOptions, onEvent?: (event: EngineEvent) => void): Promise<Started> {
    this.stopEngines();
    const exclude = new Set(options.exclude ?? []);
    const wantsWebgl = !exclude.has('webgl');
    const plan = planBackends(wantsWebgl && !options.forced ? probeWebgl() : null, options.forced);
    plan.order = plan.order.filter((b) => !exclude.has(b));
    if (options.reason) plan.reason = options.reason;
    const active = await activateBackend(plan);
    this.engines = { screen: new LossEngine(), figures: new LossEngine(), charts: new LossEngine() };
    if (active.name === 'webgl' && onEvent) this.unwatch = watchWebglContext(() => onEvent({ kind: 'context-lost' }));
    return { ...active, deviceKeys: DEVICE_KEYS };
  }

  async evaluate(req: EvaluateRequest): Promise<EvaluateReply> {
    const engine = this.require().screen;
    engine.setTarget(req.target, req.height, req.width);
    const ev = await engine.evaluateAsync(req.pred, req.params, {
      gradient: req.gradient,
      output: 'array',
      maps: req.mapsOf,
    });
    const metrics = engine.metrics(req.pred);
    const contributions: EvaluateReply['contributions'] = {};
    const shares = engine.contributions(req.contributionsOf, req.pred, req.params[req.contributionsOf] ?? {});
    if (shares) contributions[req.contributionsOf] = shares;
    const reply: EvaluateReply = {
      values: ev.values,
      gradients: ev.gradients,
      contributions,
      stats: ev.stats,
      metrics,
      elapsedMs: ev.elapsedMs,
      path: ev.path,
    };
    // Across a worker boundary the maps move instead of being copied (a no-op on the main thread).
    const buffers = [...Object.values(ev.gradients), ...Object.values(contributions)].map(
      (a) => a.buffer as ArrayBuffer,
    );
    return transfer(reply, [...new Set(buffers)]);
  }

  async parameterCurve(scene: SceneData, id: LossId, key: string, params: ParamSet) {
    return this.inTurn(() => parameterCurve(this.onScene(scene), id, key, scene.pred, params));
  }

  async tverskyMap(scene: SceneData, id: LossId, params: ParamSet, n: number) {
    return this.inTurn(() => tverskyMap(this.onScene(scene), id, scene.pred, params, n));
  }

  async focalPaperFigure() {
    return this.inTurn(() => focalPaperFigure(this.require().figures));
  }

  async focalTverskyFigure(gammas?: readonly number[]) {
    return this.inTurn(() => focalTverskyFigure(this.require().figures, gammas));
  }

  async pixelLossCurve(id: LossId, params: ParamSet, ps: readonly number[], label: 0 | 1) {
    return this.inTurn(() => pixelLossCurve(this.require().figures, id, params, ps, label));
  }

  async responseCurves(
    scene: SceneData,
    quantity: Parameters<EngineApi['responseCurves']>[1],
    params: Parameters<EngineApi['responseCurves']>[2],
    run: number,
  ) {
    const controller = new AbortController();
    this.runs.set(run, controller);
    try {
      return await this.inTurn(() =>
        responseCurvesAsync(this.require().charts, scene.target, scene.pred, scene, quantity, params, {
          signal: controller.signal,
        }),
      );
    } finally {
      this.runs.delete(run);
    }
  }

  async abortResponse(run: number): Promise<void> {
    this.runs.get(run)?.abort();
  }

  /** Learn mode: the lanes at their start; its own LossEngines, never the screen's. */
  async learnReset(setup: LearnSetup, options?: StepOptions): Promise<LearnReport> {
    this.require();
    const report = this.learn.reset(setup, options);
    return transfer(report, reportBuffers(report));
  }

  /** Learn mode: k more steps for every lane (none past `limit`). */
  async learnStep(k: number, options?: StepOptions & { limit?: number }): Promise<LearnReport> {
    const report = this.learn.step(k, options);
    return transfer(report, reportBuffers(report));
  }

  async memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, numDataBuffers: m.numDataBuffers };
  }

  async loseContext(): Promise<boolean> {
    return loseWebglContext();
  }

  async baseline(size: number): Promise<number> {
    return elementwiseBaseline(size);
  }

  private inTurn<T>(work: () => T | Promise<T>): Promise<T> {
    const next = this.chartQueue.then(work, work);
    this.chartQueue = next.catch(() => {});
    return next;
  }

  private onScene(scene: SceneData): LossEngine {
    const engine = this.require().charts;
    engine.setTarget(scene.target, scene.height, scene.width);
    return engine;
  }

  private require(): Engines {
    if (!this.engines) throw new Error('the engine has not started');
    return this.engines;
  }

  private stopEngines(): void {
    this.unwatch();
    this.unwatch = () => {};
    for (const c of this.runs.values()) c.abort();
    this.learn.dispose();
    if (!this.engines) return;
    for (const e of Object.values(this.engines)) {
      try {
        e.dispose();
      } catch {
        /* its tensors lived on a lost context */
      }
    }
    this.engines = null;
  }
}
