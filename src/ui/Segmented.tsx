import type { ReactNode } from 'react';
import './Segmented.css';

interface Option<T extends string | number> {
  value: T;
  label: ReactNode;
  title?: string;
}

interface Props<T extends string | number> {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange(value: T): void;
  className?: string;
}

/** A row of toggle buttons (radio semantics), keyboard-operable. */
export function Segmented<T extends string | number>({ label, value, options, onChange, className }: Props<T>) {
  return (
    <div className={`segmented ${className ?? ''}`} role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={String(o.value)}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          className={o.value === value ? 'on' : ''}
          title={o.title}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
