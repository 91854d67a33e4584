/**
 * The tiny face detector's input size per live frame. PURE (the benchmark imports it in Node).
 *
 *   LIVE_INPUT_SIZES                                   the sizes, first preferred
 *   const sizes = new DetectorSizes(); sizes.current; sizes.next(faceShare)
 */

/**
 * Tiny face detector input sizes for live frames: the first is used while it finds the face, the
 * next ones are tried in turn on the frames after a miss (DetectorSizes). The detector is very
 * scale-sensitive, and not monotonically so. Measured in headless Chromium (WASM) on the
 * fake-camera videos, 640×480, frames with the right face count of 30 (bench/face-browser.ts):
 *
 *   size   good  no face  two faces  dark  blurred  far (face 20 % wide)   detector ms (min)
 *   128     30     30        30       13     30        0                      13
 *   160     30     30        30       30     30       20                      15
 *   192     27     30        30        0     30       26                      21
 *   224     30     30        30       30     30       30                      23
 *   320     14/20 and dark 15/20 in an earlier run; 416 misses every blurred frame.
 *
 * So 160 first (every desk-distance face, the second cheapest), 224 after a miss (it also finds the
 * visitor standing back), and 416 for a face smaller still (a wide-angle 1280×720 camera).
 */
export const LIVE_INPUT_SIZES: readonly number[] = [160, 224, 416]

/**
 * A face at least this share of the frame's width is big enough for the first size (≥ 40 px of a
 * 160 input), so a larger size that found it gives way to the first again.
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
