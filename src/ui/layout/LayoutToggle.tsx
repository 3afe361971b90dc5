/** Header button: the compact presentation layout on or off (an explicit choice travels in the link). */
import { LOSS_IDS } from '../../core/registry.ts';
import { useApp } from '../../state/store.ts';
import { useLayout } from './layout.ts';

export function LayoutToggle() {
  const layout = useLayout();
  const setLayout = useApp((s) => s.setLayout);
  const on = layout === 'presentation';
  return (
    <button
      type="button"
      className="layout-toggle"
      aria-pressed={on}
      onClick={() => setLayout(on ? 'full' : 'presentation')}
      title={`Presentation layout: canvases, the selected heatmap and all ${LOSS_IDS.length} values on one 1280 × 720 screen (automatic on short screens)`}
    >
      Presentation
    </button>
  );
}
