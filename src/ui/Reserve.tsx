/**
 * Text that changes during a drag, in a box as large as its widest form: the hidden `widest` text and the
 * shown one share one grid cell, so a number growing a digit never re-wraps the lines around it (a caption
 * that gained a line moved the whole page below it on every other step of a slider drag).
 */
import type { ReactNode } from 'react';
import './Reserve.css';

export function Reserve({ widest, children }: { widest: ReactNode; children: ReactNode }) {
  return (
    <span className="reserve">
      <span className="reserve-sizer" aria-hidden="true">
        {widest}
      </span>
      <span className="reserve-text">{children}</span>
    </span>
  );
}
