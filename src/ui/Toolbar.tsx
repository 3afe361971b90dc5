/** The painting tools: tool choice, brush size, and the prediction brush's value, hardness, opacity. */
import { useApp } from '../state/store.ts';
import type { Tool } from '../state/types.ts';
import { MAX_RADIUS } from '../state/toolsSlice.ts';
import { Segmented } from './Segmented.tsx';
import { countRender } from './renderCount.ts';
import './Toolbar.css';

const TOOLS: { value: Tool; label: string; title: string }[] = [
  { value: 'brush', label: 'Brush', title: 'Paint (B)' },
  { value: 'eraser', label: 'Eraser', title: 'Erase to 0 (E)' },
  { value: 'rect', label: 'Rectangle', title: 'Drag a filled rectangle (R)' },
  { value: 'ellipse', label: 'Ellipse', title: 'Drag a filled ellipse (O)' },
];

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  display: string;
  onChange(v: number): void;
  title?: string;
}

export function ToolSlider({ label, value, min, max, step, display, onChange, title }: SliderProps) {
  return (
    <label className="tool-slider" title={title}>
      <span className="tool-label">{label}</span>
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-label={label}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      <output className="tool-value">{display}</output>
    </label>
  );
}

export function Toolbar() {
  countRender('Toolbar');
  const tool = useApp((s) => s.tool);
  const radius = useApp((s) => s.radius);
  const predValue = useApp((s) => s.predValue);
  const hardness = useApp((s) => s.hardness);
  const opacity = useApp((s) => s.opacity);
  const setTool = useApp((s) => s.setTool);
  const setRadius = useApp((s) => s.setRadius);
  const setPredValue = useApp((s) => s.setPredValue);
  const setHardness = useApp((s) => s.setHardness);
  const setOpacity = useApp((s) => s.setOpacity);
  return (
    <div className="toolbar" role="toolbar" aria-label="Painting tools">
      <Segmented label="Tool" value={tool} options={TOOLS} onChange={setTool} />
      <ToolSlider
        label="Size"
        value={radius}
        min={0.5}
        max={MAX_RADIUS}
        step={0.5}
        display={`${radius} px`}
        onChange={setRadius}
        title="Brush radius in grid pixels ([ and ])"
      />
      <div className="tool-sliders" role="group" aria-label="Prediction brush">
        <span className="group-label" title="The ground truth always paints exactly 1 (or 0 with the eraser)">
          Prediction brush
        </span>
        <ToolSlider
          label="p"
          value={predValue}
          min={0}
          max={1}
          step={0.01}
          display={predValue.toFixed(2)}
          onChange={setPredValue}
          title="Probability the prediction brush paints"
        />
        <ToolSlider
          label="Hardness"
          value={hardness}
          min={0}
          max={1}
          step={0.05}
          display={hardness.toFixed(2)}
          onChange={setHardness}
          title="Edge of the prediction brush: 1 = hard, lower = soft falloff"
        />
        <ToolSlider
          label="Opacity"
          value={opacity}
          min={0.05}
          max={1}
          step={0.05}
          display={opacity.toFixed(2)}
          onChange={setOpacity}
          title="How far one stroke moves p towards the painted value"
        />
      </div>
    </div>
  );
}
