/**
 * The tiny face detector's input size per live frame. PURE (the benchmark imports it in Node).
 *
 *   LIVE_INPUT_SIZES                                   the sizes, first preferred
 *   const sizes = new DetectorSizes(); sizes.current; sizes.next(faceShare)
 */

/**
 * Tiny face detector input sizes for live frames: the first is used while it finds the face, the
 * next ones are tried in turn on the frames after a miss (DetectorSizes). The detector is very
 * scale-sensitive. Measured in headless Chromium on the fake-camera videos (640×480, face 250–300 px
 * wide, as at a desk), frames with the right face count of 20 (bench/face-browser.ts):
 *   224 → good 20, dark 20, blurred 20, two faces 20, no face 20;  ≈ 23 ms
 *   320 → good 14, dark 17, blurred 20;                             ≈ 40 ms
 *   416 → good 20, dark 15, blurred  0;                             ≈ 94 ms
 * So 224 first (best recall on desk-sized faces and the cheapest), and 416 for a face too small
 * for 224 (a visitor standing back, a wide-angle camera), which is then kept while it finds it.
 */
export const LIVE_INPUT_SIZES: readonly number[] = [224, 416]

/**
 * A face at least this share of the frame's width is big for the first size (≥ 56 px of a 224
 * input), so a larger size that found it gives way to the first again.
 */
const BIG_FACE_SHARE = 0.25

/**
 * Keeps the input size that finds the face; after a frame without one, the next frame looks with
 * the next size; a big face found at a larger size goes back to the first (cheapest) one.
 */
export class DetectorSizes {
  private index = 0

  constructor(private readonly sizes: readonly number[] = LIVE_INPUT_SIZES) {}

  get current(): number {
    return this.sizes[this.index]
  }

  /** `faceShare`: the largest face's width over the frame's width, 0 when none was found. */
  next(faceShare: number): void {
    if (faceShare <= 0) this.index = (this.index + 1) % this.sizes.length
    else if (faceShare >= BIG_FACE_SHARE) this.index = 0
  }
}
