/**
 * The values the browser shows equal the eval CLI's (`src/cli/eval.ts`, tf.js cpu backend in Node) for the
 * same scene and parameters, to 1e-5 relative, on every backend the page runs here: wasm (the default),
 * webgl (forced, SwiftShader) and cpu (forced). Two scenes per backend: the default one, and an edited
 * preset with soft strokes and a non-default value for a parameter of every loss that has one.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LOSS_IDS } from '../../src/core/types.ts';
import { formatValue } from '../../src/ui/format.ts';
import { settle, useHarness } from './harness.ts';
import { EDITS, editScene, evalCli, evaluated, mismatches, parseShown, shownCells, shownValues } from './support.ts';
import type { Evaluated } from './support.ts';

/** 1e-5 relative, and an absolute floor for values near 0 (float32 sums of ~16k terms). */
const REL = 1e-5;
const ABS = 1e-7;

const h = useHarness();

/** The evaluation on screen, checked to be of the current scene and to be what the table shows. */
async function onScreen(page: Page): Promise<Evaluated> {
  await settle(page);
  const ev = await evaluated(page);
  expect(ev.current).toBe(true);
  // The table's full-precision values are the store's, bit for bit.
  const shown = await shownValues(page);
  for (const id of LOSS_IDS) expect(Object.is(shown[id], ev.values[id]) || shown[id] === ev.values[id], id).toBe(true);
  // The rounded text is those values, formatted.
  const cells = await shownCells(page);
  for (const id of LOSS_IDS) expect(cells[id].text, id).toBe(formatValue(ev.values[id]).text);
  return ev;
}

describe('browser values equal the eval CLI', () => {
  for (const backend of ['wasm', 'webgl', 'cpu'] as const) {
    it(`on ${backend}`, async () => {
      const { page, context, errors } = await h.open(backend === 'wasm' ? '' : `?backend=${backend}`);
      const badge = page.getByRole('button', { name: 'Backend', exact: true });
      expect((await badge.textContent())?.trim()).toBe(backend);

      const plain = await onScreen(page);

      await editScene(page);
      const edited = await onScreen(page);
      for (const [id, key, v] of EDITS) expect(edited.params[id as 'bce'][key], `${id}.${key}`).toBe(v);
      expect(edited.target).not.toEqual(plain.target);
      expect(edited.pred).not.toEqual(plain.pred);

      const [cliPlain, cliEdited] = await evalCli([plain, edited]);
      expect(mismatches(plain.values, cliPlain!, REL, ABS)).toEqual([]);
      expect(mismatches(edited.values, cliEdited!, REL, ABS)).toEqual([]);
      // The two scenes really differ for every loss (the comparison is not of one scene twice).
      expect(LOSS_IDS.filter((id) => cliPlain![id] === cliEdited![id])).toEqual([]);
      // And the 5-digit text on screen is the CLI's value rounded (within its last digit).
      const cells = await shownCells(page);
      for (const id of LOSS_IDS) {
        const c = cliEdited![id];
        if (Number.isFinite(c))
          expect(Math.abs(parseShown(cells[id].text) - c), id).toBeLessThanOrEqual(6e-5 * Math.abs(c) + 1e-12);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
