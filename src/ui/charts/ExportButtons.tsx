/** "PNG" and "SVG" buttons that save the chart inside `target` (see export.ts). */
import { useState } from 'react';
import type { RefObject } from 'react';
import { exportChart, exportFileName } from './export.ts';
import type { ExportFormat } from './export.ts';

interface Props {
  /** The element that holds the chart's <svg> (or <canvas>). */
  target: RefObject<HTMLElement | null>;
  /** Heading written into the exported file and used for its name. */
  title: string;
  /** File name without extension (default: from the title). */
  fileStem?: string;
}

export function ExportButtons({ target, title, fileStem }: Props) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async (format: ExportFormat) => {
    const el = target.current;
    if (!el) return;
    setBusy(format);
    setError(null);
    try {
      const name = fileStem ? `${fileStem}.${format}` : exportFileName(title, format);
      await exportChart(el, format, name, { title });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="chart-export">
      {(['png', 'svg'] as const).map((f) => (
        <button
          key={f}
          type="button"
          disabled={busy !== null}
          aria-label={`Export “${title}” as ${f.toUpperCase()}`}
          title={f === 'png' ? 'Save as PNG (2× resolution)' : 'Save as SVG (vector, opens standalone)'}
          onClick={() => void save(f)}
        >
          {f.toUpperCase()}
        </button>
      ))}
      {error && (
        <span className="chart-export-error" role="status">
          {error}
        </span>
      )}
    </span>
  );
}
