/** A gradient map (or its thumbnail) on a canvas, drawn from the store outside React's render. */
import { memo, useRef } from 'react';
import type { CanvasHTMLAttributes } from 'react';
import type { LossId } from '../core/types.ts';
import type { AppState } from '../state/types.ts';
import { mapPicture } from './heatmaps.ts';
import type { PictureKind } from './heatmaps.ts';
import { paintPicture, useStoreDrawing } from './useStoreDrawing.ts';

interface Props extends Omit<CanvasHTMLAttributes<HTMLCanvasElement>, 'width' | 'height'> {
  /** Whose map: a loss, or whichever is selected. */
  loss: LossId | 'selected';
  which: PictureKind;
  /** Off screen: keep the last picture, colour nothing; drawn again when this turns false. */
  paused?: boolean;
}

function mapInputsChanged(loss: Props['loss']) {
  return (s: AppState, p: AppState) =>
    s.results !== p.results ||
    s.scaleKind !== p.scaleKind ||
    s.scaleMode !== p.scaleMode ||
    s.scaleExcluded !== p.scaleExcluded ||
    (loss === 'selected' && s.selected !== p.selected);
}

export const MapCanvas = memo(function MapCanvas({ loss, which, paused = false, className, ...rest }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const shown = useRef({ version: 0 });
  useStoreDrawing(
    (s) => {
      const canvas = ref.current;
      if (!canvas || paused) return;
      const id = loss === 'selected' ? s.selected : loss;
      const picture = s.results ? mapPicture(s.results, id, s.scaleKind, s.scaleMode, which, s.scaleExcluded) : null;
      paintPicture(canvas, picture?.img ?? null, picture?.version ?? 0, shown.current);
    },
    mapInputsChanged(loss),
    `${loss}:${which}:${paused}`,
  );
  return <canvas ref={ref} className={`pixels ${className ?? ''}`} {...rest} />;
});
