/** Your own data in and out: the import and export rows under the canvases (docs/data.md). */
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import './data.css';

export function DataPanel() {
  return (
    <section className="data-panel" aria-label="Your data">
      <h3 className="view-title">
        Your data <span className="hint">import masks and model outputs; export numbers, maps and code</span>
      </h3>
      <ImportPanel />
      <ExportPanel />
    </section>
  );
}
