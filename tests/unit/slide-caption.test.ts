/** The caption of a slide's heatmap names the loss, its value and every parameter by its canonical key. */
import { describe, expect, it } from 'vitest';
import { slideCaption } from '../../src/ui/export/caption.ts';
import { defaultParams } from '../../src/core/registry.ts';

describe('slide caption', () => {
  it('loss, value and parameters', () => {
    expect(slideCaption('focal', 0.015445, { ...defaultParams('focal'), gamma: 2.5 })).toBe(
      'Focal loss = 0.015445 · gamma = 2.5, alpha = 0.25, eps = 1e-7',
    );
    expect(slideCaption('balanced_bce', 0.1, defaultParams('balanced_bce'))).toMatch(/beta = auto/);
    expect(slideCaption('dice', undefined, undefined)).toMatch(/^Dice loss = … · smooth = 1, squared = false/);
  });
});
