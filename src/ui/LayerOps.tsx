/** Whole-layer operations: under each canvas, and the prediction-only row below both. */
import { LAYER_LABEL } from '../scene/types.ts';
import type { Layer } from '../scene/types.ts';
import { useApp } from '../state/store.ts';
import './LayerOps.css';

export function LayerOps({ layer }: { layer: Layer }) {
  const applyLayerOp = useApp((s) => s.applyLayerOp);
  const predValue = useApp((s) => s.predValue);
  const who = LAYER_LABEL[layer];
  return (
    <div className="ops-row" role="group" aria-label={`${who} operations`}>
      <button
        type="button"
        onClick={() => applyLayerOp(layer, 'fill')}
        title={
          layer === 'target'
            ? 'Everything foreground'
            : `Set every pixel to p = ${predValue.toFixed(2)} (the brush value)`
        }
      >
        Fill
      </button>
      <button type="button" onClick={() => applyLayerOp(layer, 'clear')} title="Everything 0">
        Clear
      </button>
      <button type="button" onClick={() => applyLayerOp(layer, 'invert')} title="1 − value">
        Invert
      </button>
    </div>
  );
}

/** Sharpen, soften, blur, noise and shift: operations on the prediction only. */
export function PredictionOps() {
  const applyPredOp = useApp((s) => s.applyPredOp);
  const shiftStep = useApp((s) => s.shiftStep);
  const noise = useApp((s) => s.noiseAmount);
  const setShiftStep = useApp((s) => s.setShiftStep);
  const setNoise = useApp((s) => s.setNoiseAmount);
  return (
    <div className="pred-ops" role="group" aria-label="Prediction operations">
      <span className="ops-label">Prediction</span>
      <div className="ops-group">
        <button type="button" onClick={() => applyPredOp({ kind: 'copyTarget' })} title="p = g: the perfect prediction">
          Copy GT
        </button>
        <button
          type="button"
          onClick={() => applyPredOp({ kind: 'temperature', t: 0.5 })}
          title="Temperature 0.5: logits doubled, p moves away from 0.5"
        >
          Sharpen
        </button>
        <button
          type="button"
          onClick={() => applyPredOp({ kind: 'temperature', t: 2 })}
          title="Temperature 2: logits halved, p moves towards 0.5"
        >
          Soften
        </button>
        <button
          type="button"
          onClick={() => applyPredOp({ kind: 'blur', radius: 1.5 })}
          title="Gaussian blur of p (σ = 1.5 px): soft edges"
        >
          Blur
        </button>
      </div>
      <div className="ops-group">
        <button
          type="button"
          onClick={() => applyPredOp({ kind: 'noise', amount: noise })}
          title={`Add Gaussian noise, σ = ${noise.toFixed(2)} in probability`}
        >
          Noise
        </button>
        <label className="mini-field" title="Noise σ, in probability">
          <span>σ</span>
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={noise}
            aria-label="noise amount"
            onChange={(e) => setNoise(Number(e.target.value))}
          />
        </label>
      </div>
      <div className="ops-group shift" role="group" aria-label="Shift prediction">
        <span className="ops-label">Shift</span>
        <button
          type="button"
          aria-label="Shift left"
          onClick={() => applyPredOp({ kind: 'shift', dx: -shiftStep, dy: 0 })}
        >
          ←
        </button>
        <button
          type="button"
          aria-label="Shift up"
          onClick={() => applyPredOp({ kind: 'shift', dx: 0, dy: -shiftStep })}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label="Shift down"
          onClick={() => applyPredOp({ kind: 'shift', dx: 0, dy: shiftStep })}
        >
          ↓
        </button>
        <button
          type="button"
          aria-label="Shift right"
          onClick={() => applyPredOp({ kind: 'shift', dx: shiftStep, dy: 0 })}
        >
          →
        </button>
        <label className="mini-field" title="Shift step in pixels">
          <span>by</span>
          <input
            type="number"
            min={1}
            max={8}
            step={1}
            value={shiftStep}
            aria-label="shift step in pixels"
            onChange={(e) => setShiftStep(Number(e.target.value))}
          />
          <span>px</span>
        </label>
      </div>
    </div>
  );
}
