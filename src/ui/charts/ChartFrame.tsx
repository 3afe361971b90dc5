/** The card around every chart: title, controls, export buttons, the plot (with its accessible name), a caption. */
import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { ExportButtons } from './ExportButtons.tsx';
import { useNoStrayFocusStops } from './focus.ts';
import './charts.css';

interface Props {
  /** Visible heading; also the exported file's heading and name. */
  title: string;
  /** The plot's accessible name: what it plots, e.g. "Focal loss against γ for the current masks". */
  label: string;
  /** 'img' (default) for a picture; 'group' when the plot holds its own interactive role="img" (the map). */
  plotRole?: 'img' | 'group';
  controls?: ReactNode;
  caption?: ReactNode;
  fileStem?: string;
  className?: string;
  children: ReactNode;
}

export function ChartFrame({
  title,
  label,
  plotRole = 'img',
  controls,
  caption,
  fileStem,
  className,
  children,
}: Props) {
  const plotRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  useNoStrayFocusStops(plotRef);
  return (
    <figure className={`chart-card ${className ?? ''}`} aria-labelledby={headingId}>
      <div className="chart-head">
        <h3 className="chart-title" id={headingId}>
          {title}
        </h3>
        {controls && <div className="chart-controls">{controls}</div>}
        <ExportButtons target={plotRef} title={title} fileStem={fileStem} />
      </div>
      <div ref={plotRef} className="chart-plot" role={plotRole} aria-label={label}>
        {children}
      </div>
      {caption && <figcaption className="chart-caption">{caption}</figcaption>}
    </figure>
  );
}

/** What a chart shows while it has nothing to draw. */
export function ChartEmpty({ children }: { children: ReactNode }) {
  return <div className="chart-empty">{children}</div>;
}
