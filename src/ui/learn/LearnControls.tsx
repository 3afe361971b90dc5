/** Play, Pause, Step, Reset; the optimiser and its settings; steps per frame, stop after, the start. */
import { useId } from 'react';
import { OPTIMIZER_KINDS } from '../../core/optimizers.ts';
import type { OptimizerKind } from '../../core/optimizers.ts';
import { learnStore, useLearn } from '../../state/learnStore.ts';
import { learnRunner } from '../../state/learnRunner.ts';
import { OPTIMIZER_NAMES } from './labels.ts';
import { LEARN_STARTS } from '../../worker/learnSettings.ts';
import type { LearnStart } from '../../worker/learnSettings.ts';

const START_NAMES: Record<LearnStart, string> = {
  current: 'the current prediction',
  uniform: 'p = 0.5 everywhere',
  noise: 'seeded noise around it',
};
const LR_MIN = -4;
const LR_MAX = 1;

function NumberField({
  label,
  value,
  min,
  max,
  step,
  onChange,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(v: number): void;
}) {
  const id = useId();
  return (
    <span className="learn-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value}
        min={min}
        max={max}
        step={step}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v) && v >= min && v <= max) onChange(v);
        }}
      />
    </span>
  );
}

function Transport() {
  const playing = useLearn((s) => s.playing);
  const ready = useLearn((s) => s.status === 'ready');
  const starting = useLearn((s) => s.status === 'starting');
  const done = useLearn((s) => s.lanes.length > 0 && s.lanes.every((l) => l.step >= s.settings.stopAfter));
  const st = learnStore.getState;
  return (
    <div className="learn-transport" role="group" aria-label="Run">
      <button
        type="button"
        className="primary"
        disabled={!ready || playing || done}
        onClick={() => st().setPlaying(true)}
      >
        Play
      </button>
      <button type="button" disabled={!playing} onClick={() => st().setPlaying(false)}>
        Pause
      </button>
      <button type="button" disabled={!ready || playing || done} onClick={() => void learnRunner().step()}>
        Step
      </button>
      <button type="button" disabled={starting} onClick={() => void learnRunner().reset()}>
        Reset
      </button>
    </div>
  );
}

function OptimizerFields() {
  const opt = useLearn((s) => s.settings.optimizer);
  const st = learnStore.getState;
  const lrId = useId();
  const exponent = Math.log10(opt.lr);
  return (
    <div className="learn-row" role="group" aria-label="Optimizer">
      <label className="learn-field">
        optimizer{' '}
        <select
          aria-label="Optimizer"
          value={opt.kind}
          onChange={(e) => st().setOptimizer({ kind: e.target.value as OptimizerKind })}
        >
          {OPTIMIZER_KINDS.map((k) => (
            <option key={k} value={k}>
              {OPTIMIZER_NAMES[k]}
            </option>
          ))}
        </select>
      </label>
      <span className="learn-field learn-lr">
        <label htmlFor={lrId}>learning rate η</label>
        <input
          id={lrId}
          type="range"
          min={LR_MIN}
          max={LR_MAX}
          step={0.05}
          value={exponent}
          aria-valuetext={String(opt.lr)}
          onChange={(e) => st().setOptimizer({ lr: Number((10 ** e.target.valueAsNumber).toPrecision(3)) })}
        />
        <output>{opt.lr}</output>
      </span>
      {opt.kind === 'momentum' && (
        <NumberField
          label="momentum μ"
          value={opt.momentum}
          min={0}
          max={0.999}
          step={0.01}
          onChange={(momentum) => st().setOptimizer({ momentum })}
        />
      )}
      {opt.kind === 'adam' && (
        <>
          <NumberField
            label="β₁"
            value={opt.beta1}
            min={0}
            max={0.999}
            step={0.01}
            onChange={(beta1) => st().setOptimizer({ beta1 })}
          />
          <NumberField
            label="β₂"
            value={opt.beta2}
            min={0}
            max={0.9999}
            step={0.001}
            onChange={(beta2) => st().setOptimizer({ beta2 })}
          />
        </>
      )}
    </div>
  );
}

function RunFields() {
  const start = useLearn((s) => s.settings.start);
  const seed = useLearn((s) => s.settings.seed);
  const stopAfter = useLearn((s) => s.settings.stopAfter);
  const perFrame = useLearn((s) => s.stepsPerFrame);
  const st = learnStore.getState;
  return (
    <div className="learn-row" role="group" aria-label="Run settings">
      <label className="learn-field">
        start from{' '}
        <select aria-label="Start" value={start} onChange={(e) => st().setStart(e.target.value as LearnStart)}>
          {LEARN_STARTS.map((k) => (
            <option key={k} value={k}>
              {START_NAMES[k]}
            </option>
          ))}
        </select>
      </label>
      {start === 'noise' && (
        <NumberField
          label="seed"
          value={seed}
          min={0}
          max={0xffffffff}
          step={1}
          onChange={(v) => st().setSettings({ seed: Math.round(v) })}
        />
      )}
      <NumberField
        label="steps per frame"
        value={perFrame}
        min={1}
        max={200}
        step={1}
        onChange={(v) => st().setStepsPerFrame(v)}
      />
      <NumberField
        label="stop after"
        value={stopAfter}
        min={1}
        max={100000}
        step={10}
        onChange={(v) => st().setStopAfter(v)}
      />
    </div>
  );
}

function ViewFields() {
  const overlay = useLearn((s) => s.showOverlay);
  const gradient = useLearn((s) => s.showGradient);
  const st = learnStore.getState;
  return (
    <div className="learn-row" role="group" aria-label="Show">
      <label className="learn-check">
        <input type="checkbox" checked={overlay} onChange={(e) => st().setShowOverlay(e.target.checked)} /> TP/FP/FN
        overlay
      </label>
      <label className="learn-check">
        <input type="checkbox" checked={gradient} onChange={(e) => st().setShowGradient(e.target.checked)} /> gradient
        ∂L/∂z
      </label>
    </div>
  );
}

export function LearnControls() {
  return (
    <div className="learn-controls">
      <Transport />
      <OptimizerFields />
      <RunFields />
      <ViewFields />
    </div>
  );
}
