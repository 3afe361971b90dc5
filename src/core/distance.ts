/**
 * Exact Euclidean distance transforms and the side maps built on them (docs/losses.md "Distance
 * transforms", §5, §11, §12). Plain float64 TypeScript: these maps are constants of the gradient, so
 * they never need tf.js.
 *
 * Conventions: masks are row-major `Uint8Array`s of length `h * w`, any nonzero byte is foreground.
 */

// Scratch for the row pass, grown on demand and shared by every call (the module is synchronous,
// so no two calls can interleave).
let envelopeSites = new Int32Array(0);
let envelopeBounds = new Float64Array(0);
let rowValues = new Float64Array(0);

function ensureScratch(width: number): void {
  if (rowValues.length < width) {
    envelopeSites = new Int32Array(width);
    envelopeBounds = new Float64Array(width + 1);
    rowValues = new Float64Array(width);
  }
}

function checkShape(length: number, h: number, w: number): void {
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < 0 || w < 0) {
    throw new RangeError(`invalid shape ${h}x${w}`);
  }
  if (length !== h * w) throw new RangeError(`mask has ${length} values, expected ${h}x${w} = ${h * w}`);
}

/**
 * Squared distance from every pixel to the nearest "site": a pixel whose foreground bit equals
 * `siteIsForeground`. Sites get 0; with no site at all every pixel is Infinity.
 *
 * Felzenszwalb–Huttenlocher, separable: the column pass (columnDistances), then the row pass
 * (rowEnvelope) on every row. All quantities are small integers, so the result is exact in float64.
 */
function squaredDistanceToSites(
  mask: Uint8Array,
  h: number,
  w: number,
  siteIsForeground: boolean,
  out: Float64Array,
): Float64Array {
  columnDistances(mask, h, w, siteIsForeground, out);
  for (let y = 0; y < h; y++) rowEnvelope(out, w, y, out);
  return out;
}

/**
 * Column pass over the columns [x0, x1): the 1-D distance (not squared) to the nearest site in the
 * column, as two row-by-row sweeps (cache-friendly, the same result as the 1-D lower envelope). Each
 * column depends on its own mask column only, which is what makes a partial update exact.
 */
export function columnDistances(
  mask: Uint8Array,
  h: number,
  w: number,
  siteIsForeground: boolean,
  out: Float64Array,
  x0 = 0,
  x1 = w,
): void {
  for (let x = x0; x < x1; x++) {
    const isSite = (mask[x]! !== 0) === siteIsForeground;
    out[x] = isSite ? 0 : Infinity;
  }
  for (let y = 1; y < h; y++) {
    const row = y * w;
    const above = row - w;
    for (let x = x0; x < x1; x++) {
      const isSite = (mask[row + x]! !== 0) === siteIsForeground;
      out[row + x] = isSite ? 0 : out[above + x]! + 1;
    }
  }
  for (let y = h - 2; y >= 0; y--) {
    const row = y * w;
    const below = row + w;
    for (let x = x0; x < x1; x++) {
      const fromBelow = out[below + x]! + 1;
      if (fromBelow < out[row + x]!) out[row + x] = fromBelow;
    }
  }
}

/**
 * Row pass of row y: lower envelope of the parabolas (x - q)^2 + f(q) over the columns q with finite
 * column distance f = vert[row + q]; squared distances into `out` (which may be `vert`: a row is read
 * whole before it is written). Each row depends on its own row of `vert` only.
 */
export function rowEnvelope(vert: Float64Array, w: number, y: number, out: Float64Array): void {
  // Each parabola is kept as its "lift" f(q) + q^2, which is all the intersection needs.
  ensureScratch(w);
  const lifted = rowValues;
  const v = envelopeSites;
  const z = envelopeBounds;
  const row = y * w;
  let k = -1;
  for (let q = 0; q < w; q++) {
    const d = vert[row + q]!;
    // Infinite parabolas never reach the envelope; skipping them keeps Infinity - Infinity out.
    if (d === Infinity) continue;
    const liftedQ = d * d + q * q;
    lifted[q] = liftedQ;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let s: number;
    for (;;) {
      const vk = v[k]!;
      // Integer numerator and denominator, one correctly rounded division: s cannot cross an
      // integer it does not equal, so the envelope is exact at every pixel.
      s = (liftedQ - lifted[vk]!) / (2 * (q - vk));
      if (s <= z[k]!) k--;
      else break;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    // Only possible when the whole image has no site.
    out.fill(Infinity, row, row + w);
    return;
  }
  k = 0;
  for (let x = 0; x < w; x++) {
    while (z[k + 1]! < x) k++;
    const site = v[k]!;
    const dx = x - site;
    out[row + x] = dx * dx + (lifted[site]! - site * site); // (x - site)^2 + f(site)
  }
}

function outputBuffer(n: number, out: Float64Array | undefined): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) throw new RangeError(`out has ${out.length} values, expected ${n}`);
  return out;
}

/**
 * Exact squared Euclidean distance transform, scipy `distance_transform_edt` convention: 0 where
 * `mask == 0`, else the squared distance to the nearest zero pixel. No zero pixel: all Infinity.
 */
export function edtSquared(mask: Uint8Array, h: number, w: number, out?: Float64Array): Float64Array {
  checkShape(mask.length, h, w);
  return squaredDistanceToSites(mask, h, w, false, outputBuffer(h * w, out));
}

/** `sqrt(edtSquared(...))`: the Euclidean distance transform itself. */
export function edt(mask: Uint8Array, h: number, w: number, out?: Float64Array): Float64Array {
  const d = edtSquared(mask, h, w, out);
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]!);
  return d;
}

/** `[values > threshold]`, strictly greater (NaN gives 0). */
export function binaryMask(values: ArrayLike<number>, threshold: number): Uint8Array {
  const n = values.length;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = values[i]! > threshold ? 1 : 0;
  return mask;
}

/**
 * Contour: foreground pixels with at least one 4-neighbour in the background, positions outside
 * the image counting as background (scipy `binary_erosion` with `border_value = 0`).
 */
export function contour(mask: Uint8Array, h: number, w: number): Uint8Array {
  checkShape(mask.length, h, w);
  const edge = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const atTop = y === 0;
    const atBottom = y === h - 1;
    for (let x = 0; x < w; x++) {
      const i = row + x;
      if (mask[i] === 0) continue;
      const touchesBackground =
        atTop ||
        atBottom ||
        x === 0 ||
        x === w - 1 ||
        mask[i - w] === 0 ||
        mask[i + w] === 0 ||
        mask[i - 1] === 0 ||
        mask[i + 1] === 0;
      if (touchesBackground) edge[i] = 1;
    }
  }
  return edge;
}

function countForeground(mask: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
  return count;
}

/**
 * Squared distance field: `(edt(m) + edt(1 - m))^2`, i.e. every pixel's squared distance to the
 * nearest pixel of the other class (exact integers, so `d^α` can be tabulated). All zeros when the
 * mask is empty or full (no boundary, MONAI `HausdorffDTLoss`).
 */
export function distanceFieldSquared(mask: Uint8Array, h: number, w: number, out?: Float64Array): Float64Array {
  checkShape(mask.length, h, w);
  const n = h * w;
  const field = outputBuffer(n, out);
  const foreground = countForeground(mask);
  if (foreground === 0 || foreground === n) return field.fill(0);
  // At every pixel one of edt(m), edt(1 - m) is 0, so the square of their sum is the sum of
  // their squares: the transform to the background plus the transform to the foreground.
  squaredDistanceToSites(mask, h, w, false, field);
  const toForeground = squaredDistanceToSites(mask, h, w, true, new Float64Array(n));
  for (let i = 0; i < n; i++) field[i] = field[i]! + toForeground[i]!;
  return field;
}

/**
 * Distance field `edt(m) + edt(1 - m)` (MONAI `HausdorffDTLoss`): every pixel's distance to the
 * nearest pixel of the other class. All zeros when the mask is empty or full (no boundary).
 */
export function distanceField(mask: Uint8Array, h: number, w: number, out?: Float64Array): Float64Array {
  const field = distanceFieldSquared(mask, h, w, out);
  for (let i = 0; i < field.length; i++) field[i] = Math.sqrt(field[i]!);
  return field;
}

/**
 * Φ of `distance_bce` (docs/losses.md §5, SegLoss): per side, `(D - d_i) / (D - 1)` with `d` the
 * distance to the other class and `D` its maximum on that side; a side that is all contour
 * (`D = 1`) gets 1; an empty or full mask gets 0 everywhere.
 */
export function contourPenaltyMap(mask: Uint8Array, h: number, w: number): Float64Array {
  checkShape(mask.length, h, w);
  const n = h * w;
  const phi = new Float64Array(n);
  const foreground = countForeground(mask);
  if (foreground === 0 || foreground === n) return phi;
  const inside = squaredDistanceToSites(mask, h, w, false, new Float64Array(n));
  const outside = squaredDistanceToSites(mask, h, w, true, phi);
  // Maxima of the squared distances: sqrt is monotone, so one sqrt per side suffices.
  let maxInside2 = 0;
  let maxOutside2 = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] !== 0) {
      if (inside[i]! > maxInside2) maxInside2 = inside[i]!;
    } else if (outside[i]! > maxOutside2) {
      maxOutside2 = outside[i]!;
    }
  }
  const maxInside = Math.sqrt(maxInside2);
  const maxOutside = Math.sqrt(maxOutside2);
  for (let i = 0; i < n; i++) {
    const isForeground = mask[i] !== 0;
    const depth = Math.sqrt(isForeground ? inside[i]! : outside[i]!);
    const maxDepth = isForeground ? maxInside : maxOutside;
    // Every pixel of a non-trivial mask is at distance >= 1 from the other class, so D = 1 means
    // the whole side touches the contour.
    phi[i] = maxDepth === 1 ? 1 : (maxDepth - depth) / (maxDepth - 1);
  }
  return phi;
}

/**
 * Squared distance from every pixel to the nearest foreground pixel of `sites` (the EDT of the
 * complement of `sites`), into `out`. Infinity everywhere when `sites` is empty.
 */
export function squaredDistanceToForeground(sites: Uint8Array, h: number, w: number, out?: Float64Array): Float64Array {
  checkShape(sites.length, h, w);
  return squaredDistanceToSites(sites, h, w, true, outputBuffer(h * w, out));
}

/**
 * E of `shape_aware` (docs/losses.md §12): mean over the predicted contour pixels of the distance
 * to the nearest ground-truth contour pixel; 0 if either contour is empty.
 */
export function meanContourDistance(
  predMask: Uint8Array,
  gtMask: Uint8Array,
  h: number,
  w: number,
  /** Squared distances to the ground truth's contour, when the caller has them cached. */
  gtEdgeDistance2?: Float64Array,
): number {
  checkShape(predMask.length, h, w);
  checkShape(gtMask.length, h, w);
  const predEdge = contour(predMask, h, w);
  const gtEdge = contour(gtMask, h, w);
  const predCount = countForeground(predEdge);
  if (predCount === 0 || countForeground(gtEdge) === 0) return 0;
  const toGtEdge2 = gtEdgeDistance2 ?? squaredDistanceToSites(gtEdge, h, w, true, new Float64Array(h * w));
  let sum = 0;
  for (let i = 0; i < predEdge.length; i++) if (predEdge[i] !== 0) sum += Math.sqrt(toGtEdge2[i]!);
  return sum / predCount;
}
