/**
 * The standard portrait crop (Node, sharp). One function for camera frames and photo files.
 *
 *   cropPortrait(image, eyes, options?) → Portrait
 *     image: encoded bytes (JPEG/PNG/WebP, EXIF orientation applied) or already decoded RGB
 *     eyes:  eye centres in the upright image (image-left and image-right eye)
 *   PORTRAIT (re-exported from ./geometry): 480×640, eyes level at 45 % height, 120 px apart
 *
 * The result is a baseline (not progressive) JPEG with 4:2:0 chroma, sRGB, no metadata, under
 * `maxBytes` (200 KB by default): device firmware rejects larger or unusual JPEGs with misleading
 * errors, so the quality steps down until it fits. Parts of the portrait outside the source
 * (a head close to the top edge) are filled with `background`.
 */
import sharp from 'sharp'
import { PORTRAIT, portraitTransform, type EyePair, type Point } from '../../../common/face/geometry'
import { decodePhoto, photoError, type RgbImage } from './image'

export { PORTRAIT } from '../../../common/face/geometry'

export const DEFAULT_MAX_BYTES = 200_000
/** Quality steps tried in turn: 90 is visually lossless for a 480×640 face; below 50 blocks show. */
const QUALITY_STEPS = [90, 85, 80, 75, 70, 65, 60, 55, 50] as const

export interface PortraitOptions {
  maxBytes?: number
  background?: { r: number; g: number; b: number }
}

export interface Portrait {
  jpeg: Buffer
  width: number
  height: number
  /** The JPEG quality that fitted under maxBytes. */
  jpegQuality: number
  /** Where the eye centres landed in the portrait (by construction; the tests verify it by detection). */
  eyes: EyePair
}

const WHITE = { r: 255, g: 255, b: 255 }

function rawInput(image: RgbImage) {
  return { raw: { width: image.width, height: image.height, channels: 3 as const } }
}

export async function cropPortrait(image: Buffer | RgbImage, eyes: EyePair, options: PortraitOptions = {}): Promise<Portrait> {
  const source = Buffer.isBuffer(image) ? await decodePhoto(image) : image
  const background = options.background ?? WHITE
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const transform = portraitTransform(eyes)

  // 1. The source rectangle the tilted portrait covers, with a little slack for interpolation.
  const corners: Point[] = [
    { x: 0, y: 0 },
    { x: PORTRAIT.width, y: 0 },
    { x: 0, y: PORTRAIT.height },
    { x: PORTRAIT.width, y: PORTRAIT.height },
  ].map((p) => transform.toSource(p))
  const slack = 4 / transform.scale + 2
  const left = Math.floor(Math.min(...corners.map((p) => p.x)) - slack)
  const top = Math.floor(Math.min(...corners.map((p) => p.y)) - slack)
  const right = Math.ceil(Math.max(...corners.map((p) => p.x)) + slack)
  const bottom = Math.ceil(Math.max(...corners.map((p) => p.y)) + slack)
  const inside = {
    left: Math.max(0, left),
    top: Math.max(0, top),
    width: Math.min(source.width, right) - Math.max(0, left),
    height: Math.min(source.height, bottom) - Math.max(0, top),
  }
  if (inside.width <= 0 || inside.height <= 0) throw photoError('photo.face_outside')

  // 2. Cut it out and scale it to the portrait's inter-eye distance, then pad (scaled) what lies
  //    outside the source: sharp always extracts, resizes and extends in that order, in one pass.
  const scale = transform.scale
  const resizedWidth = Math.max(1, Math.round(inside.width * scale))
  const resizedHeight = Math.max(1, Math.round(inside.height * scale))
  const sx = resizedWidth / inside.width
  const sy = resizedHeight / inside.height
  const pad = {
    left: Math.round((inside.left - left) * sx),
    top: Math.round((inside.top - top) * sy),
    right: Math.round((right - inside.left - inside.width) * sx),
    bottom: Math.round((bottom - inside.top - inside.height) * sy),
  }
  const scaledWidth = resizedWidth + pad.left + pad.right
  const scaledHeight = resizedHeight + pad.top + pad.bottom
  const scaled = await sharp(source.data, rawInput(source))
    .extract(inside)
    .resize(resizedWidth, resizedHeight, { fit: 'fill', kernel: 'lanczos3' })
    .extend({ ...pad, background })
    .raw()
    .toBuffer()

  // 3. Level the eye line (sharp turns clockwise for positive angles; the tilt is clockwise-positive).
  const { data: levelled, info } = await sharp(scaled, { raw: { width: scaledWidth, height: scaledHeight, channels: 3 } })
    .rotate(-transform.angle, { background })
    .raw()
    .toBuffer({ resolveWithObject: true })

  // 4. Follow the eye midpoint through steps 2–3 and cut the portrait around it.
  const q = {
    x: pad.left + (transform.eyeMid.x - inside.left) * sx - scaledWidth / 2,
    y: pad.top + (transform.eyeMid.y - inside.top) * sy - scaledHeight / 2,
  }
  const theta = (transform.angle * Math.PI) / 180
  const mid = {
    x: info.width / 2 + Math.cos(theta) * q.x + Math.sin(theta) * q.y,
    y: info.height / 2 - Math.sin(theta) * q.x + Math.cos(theta) * q.y,
  }
  const cropLeft = clampInt(mid.x - PORTRAIT.width * PORTRAIT.eyeMidX, info.width - PORTRAIT.width)
  const cropTop = clampInt(mid.y - PORTRAIT.height * PORTRAIT.eyeMidY, info.height - PORTRAIT.height)
  const cut = { left: cropLeft, top: cropTop, width: PORTRAIT.width, height: PORTRAIT.height }
  const { jpeg, quality } = await encodeUnder(() => sharp(levelled, { raw: { width: info.width, height: info.height, channels: 3 } }).extract(cut), maxBytes)
  const half = (PORTRAIT.width * PORTRAIT.interEyeFraction) / 2
  const eyeY = mid.y - cropTop
  const eyeX = mid.x - cropLeft
  return {
    jpeg,
    width: PORTRAIT.width,
    height: PORTRAIT.height,
    jpegQuality: quality,
    eyes: { left: { x: eyeX - half, y: eyeY }, right: { x: eyeX + half, y: eyeY } },
  }
}

function clampInt(value: number, max: number): number {
  return Math.min(Math.max(0, Math.round(value)), Math.max(0, max))
}

/** Baseline, standard Huffman tables, 4:2:0: the most ordinary JPEG there is. */
async function encodeUnder(portrait: () => ReturnType<typeof sharp>, maxBytes: number): Promise<{ jpeg: Buffer; quality: number }> {
  for (const quality of QUALITY_STEPS) {
    const jpeg = await portrait()
      .jpeg({
        quality,
        progressive: false,
        chromaSubsampling: '4:2:0',
        optimiseCoding: false,
        mozjpeg: false,
        trellisQuantisation: false,
        overshootDeringing: false,
        optimiseScans: false,
      })
      .toBuffer()
    if (jpeg.length <= maxBytes) return { jpeg, quality }
  }
  throw photoError('photo.portrait_too_big', { kb: String(Math.round(maxBytes / 1000)), quality: String(QUALITY_STEPS.at(-1)) })
}
