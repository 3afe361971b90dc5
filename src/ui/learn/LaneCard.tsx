/** One lane: its loss, its evolving prediction (drawn outside React), step, value, and "Use as prediction". */
import { useEffect, useRef } from 'react';
import { LOSSES, lossInfo } from '../../core/registry.ts';
import type { LossId } from '../../core/types.ts';
import { appStore } from '../../state/store.ts';
import { learnStore, useLearn } from '../../state/learnStore.ts';
import { learnRunner } from '../../state/learnRunner.ts';
import { laneParams } from './labels.ts';
import { drawLane } from './drawLane.ts';

function formatValue(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2);
}

function LaneCanvas({ index }: { index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let image: ImageData | null = null;
    const draw = () => {
      const s = learnStore.getState();
      const lane = s.lanes[index];
      if (!lane?.levels || !s.runTarget) return;
      const { height, width } = s.runGrid;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        canvas.style.aspectRatio = `${width} / ${height}`; // the run's shape, never stretched to a square
        image = null;
      }
      image ??= new ImageData(width, height);
      drawLane(image.data, lane.levels, s.runTarget, s.showGradient ? lane.gradient : null, s.showOverlay);
      canvas.getContext('2d')?.putImageData(image, 0, 0);
    };
    draw();
    return learnStore.subscribe((s, prev) => {
      if (s.frame !== prev.frame || s.showOverlay !== prev.showOverlay || s.showGradient !== prev.showGradient) draw();
    });
  }, [index]);
  const gradient = useLearn((s) => s.showGradient);
  const overlay = useLearn((s) => s.showOverlay);
  const loss = useLearn((s) => s.settings.lanes[index]?.loss);
  const what = gradient ? '∂L/∂z' : overlay ? 'TP/FP/FN at p > 0.5' : 'prediction';
  return (
    <canvas
      ref={ref}
      className="lane-canvas"
      role="img"
      aria-label={`Lane ${index + 1} (${loss ? lossInfo(loss).short : ''}): ${what}`}
    />
  );
}

export function LaneCard({ index }: { index: number }) {
  const spec = useLearn((s) => s.settings.lanes[index]);
  const step = useLearn((s) => s.lanes[index]?.step);
  const value = useLearn((s) => s.lanes[index]?.value);
  const lanesCount = useLearn((s) => s.settings.lanes.length);
  const playing = useLearn((s) => s.playing);
  if (!spec) return null;
  const params = laneParams(spec);
  const takeEditorParams = () => {
    const p = appStore.getState().params[spec.loss];
    learnStore.getState().setLane(index, { loss: spec.loss, params: { ...p } });
  };
  return (
    <article
      className="lane"
      data-learn-loss={spec.loss}
      data-step={step ?? 0}
      data-value={value ?? ''}
      aria-label={`Lane ${index + 1}`}
    >
      <header className="lane-head">
        <span className={`lane-swatch lane-c${index}`} aria-hidden="true" />
        <select
          aria-label={`Lane ${index + 1} loss`}
          value={spec.loss}
          onChange={(e) => learnStore.getState().setLane(index, { loss: e.target.value as LossId, params: {} })}
        >
          {LOSSES.map((l) => (
            <option key={l.id} value={l.id}>
              {l.short}
            </option>
          ))}
        </select>
        {lanesCount > 1 && (
          <button
            type="button"
            className="lane-remove"
            aria-label={`Remove lane ${index + 1}`}
            title="Remove this lane"
            onClick={() => learnStore.getState().removeLane(index)}
          >
            ×
          </button>
        )}
      </header>
      <p className="lane-params" title={params || 'registry defaults'}>
        {params || 'defaults'} ·{' '}
        <button
          type="button"
          className="linklike"
          onClick={takeEditorParams}
          title={`Copy ${lossInfo(spec.loss).short}'s parameters from the editor's sliders`}
        >
          editor’s parameters
        </button>
      </p>
      <LaneCanvas index={index} />
      <dl className="lane-stats">
        <div>
          <dt>step</dt>
          <dd>{step ?? 0}</dd>
        </div>
        <div>
          <dt>loss</dt>
          <dd>{formatValue(value)}</dd>
        </div>
      </dl>
      <button
        type="button"
        disabled={step === undefined || playing}
        onClick={() => learnRunner().usePrediction(index)}
        title="Copy this lane's prediction into the editor (undoable)"
      >
        Use as prediction
      </button>
    </article>
  );
}
