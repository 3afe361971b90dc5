/** A paintable layer: the ground truth (binary brush) or the prediction (probability brush). */
import { useEffect, useRef, useState } from 'react';
import type { DragEvent, PointerEvent as ReactPointerEvent } from 'react';
import { LAYER_LABEL } from '../scene/types.ts';
import type { Layer } from '../scene/types.ts';
import { recordInput } from '../platform/latency.ts';
import type { Point } from '../scene/index.ts';
import { appStore } from '../state/store.ts';
import { renderMask } from './colormap.ts';
import { HoverMark, OutlineOverlay, pixelAt } from './overlays.tsx';
import { countRender } from './renderCount.ts';
import { frameStyle, useGrid } from './grid.ts';
import { CANVAS_KEYS_HINT, CANVAS_PAINT_HINT, canvasKeyboardProps } from './canvasKeyboard.ts';
import { dataStore, useData } from '../state/dataStore.ts';
import { importFile } from './data/importFile.ts';
import './LayerView.css';

interface Drag {
  pointerId: number;
  kind: 'stroke' | 'rect' | 'ellipse';
  a: Point;
  b: Point;
}

/** `paintable` false (a classroom link hid painting on this layer): the picture stays, hover still reads it. */
export function LayerView({ layer, paintable = true }: { layer: Layer; paintable?: boolean }) {
  countRender(`LayerView:${layer}`);
  const grid = useGrid();
  const { height, width } = grid;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const dragRef = useRef<Drag | null>(null);
  const [shape, setShape] = useState<Drag | null>(null);
  const photo = useData((s) => s.photo);

  // Draw imperatively on every scene change (strokes paint in place; no React render per move).
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const img = ctx.createImageData(width, height);
    const draw = () => {
      const { scene } = appStore.getState();
      if (scene.height !== height || scene.width !== width) return;
      renderMask(layer === 'target' ? scene.target : scene.pred, img.data);
      ctx.putImageData(img, 0, 0);
    };
    draw();
    return appStore.subscribe((s, p) => {
      if (s.sceneRev !== p.sceneRev || s.scene !== p.scene) draw();
    });
  }, [layer, height, width]);

  const point = (e: { clientX: number; clientY: number }): Point => {
    const { fx, fy } = pixelAt(e, canvasRef.current!, grid);
    return { x: fx, y: fy };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    // A tap has no hover before it: it sets the readout's pixel itself (and keeps it after the finger lifts).
    if (e.pointerType !== 'mouse') {
      const h = pixelAt(e, e.currentTarget, grid);
      appStore.getState().setHover({ x: h.x, y: h.y });
    }
    if (!paintable) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const p = point(e);
    const { tool } = appStore.getState();
    if (tool === 'rect' || tool === 'ellipse') {
      dragRef.current = { pointerId: e.pointerId, kind: tool, a: p, b: p };
      setShape(dragRef.current);
    } else {
      dragRef.current = { pointerId: e.pointerId, kind: 'stroke', a: p, b: p };
      appStore.getState().beginStroke(layer, p);
      recordInput('stroke', e.timeStamp);
    }
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const h = pixelAt(e, e.currentTarget, grid);
    appStore.getState().setHover({ x: h.x, y: h.y });
    // A pasted file goes to the canvas last pointed at.
    if (dataStore.getState().pasteLayer !== layer) dataStore.setState({ pasteLayer: layer });
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== e.pointerId) return;
    if (drag.kind === 'stroke') {
      // Coalesced events: every sample the device reported since the last frame, so fast strokes
      // keep their shape (stampStroke also interpolates between consecutive points).
      const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
      const samples = events.length ? events : [e.nativeEvent];
      for (const ev of samples) appStore.getState().continueStroke(point(ev));
      recordInput('stroke', e.timeStamp);
    } else {
      drag.b = point(e);
      setShape({ ...drag });
    }
  };

  const finish = (e: ReactPointerEvent<HTMLCanvasElement>, commit: boolean) => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== e.pointerId) return;
    dragRef.current = null;
    if (drag.kind === 'stroke') appStore.getState().endStroke();
    else {
      setShape(null);
      if (commit) appStore.getState().drawShape(layer, drag.kind, drag.a, point(e));
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    void importFile(file, layer);
  };

  return (
    <div
      className={`frame paint${photo ? ' has-photo' : ''}`}
      style={frameStyle(grid)}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      {photo && <img className="photo" src={photo.url} alt="" aria-hidden="true" />}
      <canvas
        ref={canvasRef}
        width={width}
        height={height}
        role="img"
        aria-label={LAYER_LABEL[layer]}
        aria-describedby={`${layer}-keys`}
        {...canvasKeyboardProps(layer, paintable, grid)}
        className={`pixels${paintable ? ' paintable' : ''}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => finish(e, true)}
        onPointerCancel={(e) => finish(e, false)}
        onPointerLeave={(e) => {
          if (e.pointerType === 'mouse') appStore.getState().setHover(null);
        }}
        onBlur={() => appStore.getState().setHover(null)}
        onContextMenu={(e) => e.preventDefault()}
      />
      <span id={`${layer}-keys`} className="sr-only">
        {CANVAS_KEYS_HINT}
        {paintable ? CANVAS_PAINT_HINT : ''}
      </span>
      {layer === 'pred' && <OutlineOverlay />}
      <HoverMark brush={paintable} />
      {shape && shape.kind !== 'stroke' && (
        <svg className="overlay shape" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
          {shape.kind === 'rect' ? (
            <rect
              x={Math.min(shape.a.x, shape.b.x)}
              y={Math.min(shape.a.y, shape.b.y)}
              width={Math.abs(shape.b.x - shape.a.x)}
              height={Math.abs(shape.b.y - shape.a.y)}
            />
          ) : (
            <ellipse
              cx={(shape.a.x + shape.b.x) / 2}
              cy={(shape.a.y + shape.b.y) / 2}
              rx={Math.abs(shape.b.x - shape.a.x) / 2}
              ry={Math.abs(shape.b.y - shape.a.y) / 2}
            />
          )}
        </svg>
      )}
    </div>
  );
}
