/** Legend of the diverging gradient colours: a bar, numeric ticks and what the two ends mean. */
import { DIVERGING_ANCHORS } from './colormap.ts';
import type { ScaleMode } from '../share/format.ts';
import type { ColorScale } from './scale.ts';
import { describeScale, scaleTicks } from './scale.ts';
import { formatTick } from './format.ts';
import { countRender } from './renderCount.ts';
import { Reserve } from './Reserve.tsx';
import './Legend.css';

const BAR = `linear-gradient(to right, ${DIVERGING_ANCHORS.map((c, i) => `${c} ${(i / (DIVERGING_ANCHORS.length - 1)) * 100}%`).join(', ')})`;

/** As long as formatTick writes a number (sign, two digits, a two-digit exponent). */
const widestTick = () => '−8.8e−88';

interface Props {
  scale: ColorScale;
  mode: ScaleMode;
  symbol: string;
  clipped: number;
}

export function Legend({ scale, mode, symbol, clipped }: Props) {
  countRender('Legend');
  const ticks = scaleTicks(scale);
  return (
    <figure className="legend" aria-label="Colour scale">
      <div className="legend-bar" style={{ background: BAR }} />
      <div className="legend-ticks">
        {/* Keyed by position: a new scale (every evaluation of a drag) changes their text, not their elements. */}
        {ticks.map((t, i) => (
          <span
            key={i}
            className={`tick${Math.abs(t.t) > 0 && Math.abs(t.t) < 1 ? ' mid' : ''}`}
            style={{ left: `${((t.t + 1) / 2) * 100}%` }}
          >
            {formatTick(t.value)}
          </span>
        ))}
      </div>
      <figcaption className="legend-caption">
        <span
          className="meaning"
          title={`${symbol}: the slope of the loss at each pixel. Gradient descent moves p against it.`}
        >
          <span className="end">
            <span className="swatch" style={{ background: DIVERGING_ANCHORS[1] }} />
            {symbol} &lt; 0: descent raises p
          </span>
          <span className="end">
            <span className="swatch" style={{ background: DIVERGING_ANCHORS[9] }} />
            {symbol} &gt; 0: descent lowers p
          </span>
        </span>
        <span className="scale-note">
          <Reserve widest={`${describeScale(scale, mode, widestTick)} · 88888 px beyond the scale`}>
            {describeScale(scale, mode, formatTick)}
            {clipped > 0 && <> · {clipped} px beyond the scale</>}
          </Reserve>
        </span>
      </figcaption>
    </figure>
  );
}
