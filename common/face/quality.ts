/**
 * The face quality gate. PURE: no Node, sharp or tfjs, so the renderer's live loop runs the very
 * same code as the Node import.
 *
 *   assessQuality(input, thresholds?) → QualityReport   one frame or photo: measures, score 0–100, failures
 *   assessPixels(pixels, faces, thresholds?, source?)   the same from RGB/RGBA pixels (canvas ImageData or sharp raw)
 *   faceRegion(landmarks) → Box                         where brightness, contrast and sharpness are measured
 *   QualityThresholdsSchema / DEFAULT_QUALITY_THRESHOLDS   every limit, editable in Settings
 *   GUIDANCE_MESSAGES                                   English text per guidance code (the UI translates by code)
 *   turnTowardsCamera(yaw)                              which way the visitor turns to face the camera
 *
 * Input: every detected face (box + score, landmarks at least for the largest), the frame size,
 * and the frame in grayscale (or a window of it covering faceRegion of the largest face). The
 * largest face is "the" face; the others only count towards "one person please".
 */
import { z } from 'zod'
import { en } from '../i18n/en'
import {
  LANDMARK,
  PORTRAIT_INTER_EYE_PX,
  boundsOf,
  eyeCentres,
  interEyeDistance,
  type Box,
  type EyePair,
  type Point,
  type Size,
} from './geometry'
import { grayFromPixels, resampleGray, type GrayImage } from './gray'
import { measureLuma, type LumaMeasures } from './luma-measures'
import { frameCentre, measureFrame, noFaceCause } from './no-face-cause'
import { estimatePose, webcamCamera } from './pose'

export const GUIDANCE_CODES = [
  'no_face',
  'multiple_faces',
  'too_far',
  'too_close',
  'not_in_frame',
  'turn_left',
  'turn_right',
  'chin_up',
  'chin_down',
  'tilted',
  'too_dark',
  'too_bright',
  'low_contrast',
  'blurry',
  'hold_still',
] as const
export type GuidanceCode = (typeof GUIDANCE_CODES)[number]

/**
 * Default English wording; the UI keys its zh-CN and en strings by code.
 * Directions are the visitor's own (their left, their chin), never the picture's: the preview is
 * shown mirrored while the analysed frame is not, and "your left" is the same in both.
 */
export const GUIDANCE_MESSAGES: Readonly<Record<GuidanceCode, string>> = Object.freeze(
  Object.fromEntries(GUIDANCE_CODES.map((code) => [code, en[`capture.${code}`]])) as Record<GuidanceCode, string>,
)

/**
 * Every limit with its default and where the default comes from. A live enrollment desk is more
 * tolerant than a passport photo: the subject is cooperative but not posed by a photographer, the
 * crop levels the eyes afterwards, and the access-control terminals that use these photos are
 * themselves built to match faces turned up to ~15°. Limits tighter than the estimators' own noise
 * (a few degrees of pose) would make the guidance flicker.
 */
export const QualityThresholdsSchema = z.object({
  /**
   * Faces smaller than this fraction of the largest one (box width) are ignored: a passer-by far
   * behind the desk does not block a capture, a second person beside the first does.
   */
  otherFaceMinRelativeSize: z.number().min(0).max(1).default(0.5),
  /**
   * Inter-eye distance in pixels of the analysed frame. BSI's OFIQ (the reference implementation
   * of ISO/IEC 29794-5) scores the inter-eye distance around 70 px; access-control vendors refuse
   * faces under ~80 px wide (≈ 35–40 px between the eyes). A desk takes 60, between the two: a
   * 1280×720 webcam at arm's length gives 80–90 px, a 640×480 one asks the visitor to come to
   * ~50 cm; 70 would turn away many 640×480 captures that the terminals match well. The stored
   * portrait is rescaled to 120 px anyway (see PORTRAIT); below ~60 it is visibly upscaled.
   */
  minInterEyeDistance: z.number().min(10).max(1000).default(60),
  /** Brow-to-chin height over frame height: beyond this the hair and chin margins of the crop fall outside. */
  maxFaceHeightRatio: z.number().min(0.1).max(1).default(0.7),
  /**
   * Degrees. ISO/IEC 19794-5 (frontal portraits for passports) allows ±5° yaw and pitch and ±8°
   * roll; access-control vendors accept ~15°. We use 15° for yaw and pitch: face-api's landmarks
   * move the estimate by a few degrees between a face and its mirror image (bench/face-library.ts),
   * so ±5° would flicker. Roll is only limited live (15°, a hint to hold the head level): a still
   * photo is never refused for it, because the crop rotates the eye line level, so the stored
   * photo has no roll left.
   */
  maxYaw: z.number().min(1).max(90).default(15),
  maxPitch: z.number().min(1).max(90).default(15),
  maxRoll: z.number().min(1).max(90).default(15),
  /**
   * Mean luma (0–255) of the face region (eyes to mouth). Measured on the demo photos: normally lit
   * faces 69–168, the same faces at 30 % exposure 20–49. ISO/IEC 29794-5 treats under- and
   * over-exposure separately; so do we.
   */
  minBrightness: z.number().min(0).max(255).default(55),
  maxBrightness: z.number().min(0).max(255).default(210),
  /** Standard deviation of luma in the face region: demo faces 24–46, flat or dark faces under 13. */
  minContrast: z.number().min(0).max(128).default(16),
  /**
   * 100 × std(Laplacian) / std(luma) on the face region resampled to the portrait's scale (120 px
   * between the eyes), i.e. how sharp the stored photo will look, independent of exposure: the
   * variance-of-Laplacian focus measure (Pech-Pacheco et al., 2000) after a 3×3 [1 2 1] smoothing,
   * which keeps sensor and JPEG noise from passing for detail, normalised by contrast. Measured on
   * ten demo faces at that scale: as shot 2.9–13.2 (with added noise σ = 3: 3.9–13.7), blurred by
   * σ = 1.7 px 1.2–3.4, by σ = 2.8 px 0.9–1.8.
   */
  minSharpness: z.number().min(0).max(100).default(2.5),
  /** Free space around the face (brows to chin, widened by a forehead allowance) as a fraction of its width. */
  frameMargin: z.number().min(0).max(1).default(0.1),
})
export type QualityThresholds = z.output<typeof QualityThresholdsSchema>
export type QualityThresholdsInput = z.input<typeof QualityThresholdsSchema>
export const DEFAULT_QUALITY_THRESHOLDS: Readonly<QualityThresholds> = Object.freeze(QualityThresholdsSchema.parse({}))

export interface FaceCandidate {
  box: Box
  score: number
  /** 68 points in frame pixels; required for the largest face. */
  landmarks?: readonly Point[]
}

/**
 * 'live': a webcam frame (the pose is read with a typical webcam's perspective, roll is limited).
 * 'still': a photo file (lens and crop unknown: scaled orthography; roll is levelled by the crop,
 * not refused).
 */
export type FrameSource = 'live' | 'still'

export interface QualityInput {
  frame: Size
  faces: readonly FaceCandidate[]
  /** 'live' when absent. */
  source?: FrameSource
  /** Grayscale frame, or a window of it covering faceRegion() of the largest face. */
  gray?: GrayImage
}

export interface QualityMeasures {
  faceCount: number
  detectionScore: number | null
  interEyeDistance: number | null
  faceHeightRatio: number | null
  inFrame: boolean | null
  yaw: number | null
  pitch: number | null
  roll: number | null
  brightness: number | null
  contrast: number | null
  sharpness: number | null
}
export type MeasureName = keyof QualityMeasures

export interface QualityFailure {
  measure: MeasureName
  code: GuidanceCode
  message: string
}

export interface QualityReport {
  /** 0–100: how comfortably the measures sit inside their limits; ≥ 50 when passed, < 50 when not. */
  score: number
  passed: boolean
  measures: QualityMeasures
  /** Most urgent first: the UI shows the first one as the instruction. */
  failures: QualityFailure[]
  /** The analysed face, or null when there is none. */
  face: { box: Box; eyes: EyePair } | null
}

/** Eyes to mouth, between the outer eye corners: mostly skin, no hair or background. */
export function faceRegion(landmarks: readonly Point[]): Box {
  const left = landmarks[LANDMARK.eyeLeftOuter].x
  const right = landmarks[LANDMARK.eyeRightOuter].x
  let top = Infinity
  for (let i = LANDMARK.browLeft[0]; i <= LANDMARK.browRight[1]; i++) top = Math.min(top, landmarks[i].y)
  const bottom = landmarks[LANDMARK.mouthBottom].y
  return { x: Math.min(left, right), y: top, width: Math.abs(right - left), height: Math.max(1, bottom - top) }
}

/** The face with a forehead allowance: brows to chin plus 40 % of that height above the brows. */
function faceExtent(landmarks: readonly Point[]): Box {
  const bounds = boundsOf(landmarks)
  const forehead = bounds.height * 0.4
  return { x: bounds.x, y: bounds.y - forehead, width: bounds.width, height: bounds.height + forehead }
}

function measureRegion(gray: GrayImage, region: Box, interEye: number): LumaMeasures {
  const scale = PORTRAIT_INTER_EYE_PX / interEye
  const width = Math.max(3, Math.round(region.width * scale))
  const height = Math.max(3, Math.round(region.height * scale))
  return measureLuma(resampleGray(gray, region, width, height), width, height)
}

const EMPTY_MEASURES: QualityMeasures = {
  faceCount: 0,
  detectionScore: null,
  interEyeDistance: null,
  faceHeightRatio: null,
  inFrame: null,
  yaw: null,
  pitch: null,
  roll: null,
  brightness: null,
  contrast: null,
  sharpness: null,
}

function failure(measure: MeasureName, code: GuidanceCode): QualityFailure {
  return { measure, code, message: GUIDANCE_MESSAGES[code] }
}

/**
 * yaw > 0: the face turns towards the image's right, which is the visitor's own left in a camera's
 * (unmirrored) frame or photo; they face the camera again by turning to their right.
 */
export function turnTowardsCamera(yaw: number): 'turn_left' | 'turn_right' {
  return yaw > 0 ? 'turn_right' : 'turn_left'
}

/** No face: the picture itself (too dark, too bright, too blurred) first when that is why, then "no face". */
function noFaceReport(input: QualityInput, thresholds: QualityThresholds): QualityReport {
  const cause = input.gray ? noFaceCause(measureFrame(input.gray, input.frame), thresholds) : null
  const failures = [...(cause ? [failure('faceCount', cause)] : []), failure('faceCount', 'no_face')]
  return { score: 0, passed: false, measures: { ...EMPTY_MEASURES }, failures, face: null }
}

/** 1 when comfortable, 0.5 exactly at the limit, 0 at half the limit or below. */
function atLeast(value: number, limit: number, comfortable: number): number {
  if (value >= comfortable) return 1
  if (value >= limit) return 0.5 + (0.5 * (value - limit)) / Math.max(1e-9, comfortable - limit)
  return Math.max(0, value - limit / 2) / limit
}
/** 1 at zero, 0.5 at ±limit, 0 at twice the limit. */
function atMost(value: number, limit: number): number {
  return Math.max(0, 1 - (0.5 * Math.abs(value)) / limit)
}

export function assessQuality(input: QualityInput, thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS): QualityReport {
  const faces = [...input.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
  const main = faces[0]
  if (!main) return noFaceReport(input, thresholds)
  const faceCount = faces.filter((f) => f.box.width >= main.box.width * thresholds.otherFaceMinRelativeSize).length
  if (!main.landmarks) throw new Error('assessQuality: the largest face needs its 68 landmarks')

  const landmarks = main.landmarks
  const eyes = eyeCentres(landmarks)
  const interEye = interEyeDistance(eyes)
  const extent = faceExtent(landmarks)
  const margin = extent.width * thresholds.frameMargin
  const inFrame =
    extent.x - margin >= 0 &&
    extent.y - margin >= 0 &&
    extent.x + extent.width + margin <= input.frame.width &&
    extent.y + extent.height + margin <= input.frame.height
  const faceHeightRatio = boundsOf(landmarks).height / input.frame.height
  const still = input.source === 'still'
  const pose = estimatePose(landmarks, still ? undefined : webcamCamera(input.frame))
  const region = input.gray && interEye > 0 ? measureRegion(input.gray, faceRegion(landmarks), interEye) : null

  const measures: QualityMeasures = {
    faceCount,
    detectionScore: main.score,
    interEyeDistance: interEye,
    faceHeightRatio,
    inFrame,
    yaw: pose.yaw,
    pitch: pose.pitch,
    roll: pose.roll,
    brightness: region?.brightness ?? null,
    contrast: region?.contrast ?? null,
    sharpness: region?.sharpness ?? null,
  }

  const t = thresholds
  const failures: QualityFailure[] = []
  if (faceCount > 1) failures.push(failure('faceCount', 'multiple_faces'))
  if (interEye < t.minInterEyeDistance) failures.push(failure('interEyeDistance', 'too_far'))
  if (faceHeightRatio > t.maxFaceHeightRatio) failures.push(failure('faceHeightRatio', 'too_close'))
  if (!inFrame) failures.push(failure('inFrame', 'not_in_frame'))
  if (Math.abs(pose.yaw) > t.maxYaw) failures.push(failure('yaw', turnTowardsCamera(pose.yaw)))
  if (Math.abs(pose.pitch) > t.maxPitch) failures.push(failure('pitch', pose.pitch > 0 ? 'chin_down' : 'chin_up'))
  if (!still && Math.abs(pose.roll) > t.maxRoll) failures.push(failure('roll', 'tilted'))
  if (region) {
    if (region.brightness < t.minBrightness) failures.push(failure('brightness', 'too_dark'))
    if (region.brightness > t.maxBrightness) failures.push(failure('brightness', 'too_bright'))
    if (region.contrast < t.minContrast) failures.push(failure('contrast', 'low_contrast'))
    if (region.sharpness < t.minSharpness) failures.push(failure('sharpness', 'blurry'))
  }

  const middle = (t.minBrightness + t.maxBrightness) / 2
  const parts = [
    atLeast(interEye, t.minInterEyeDistance, t.minInterEyeDistance * 1.5),
    faceHeightRatio <= t.maxFaceHeightRatio ? 1 : atMost(faceHeightRatio, t.maxFaceHeightRatio),
    inFrame ? 1 : 0,
    atMost(pose.yaw, t.maxYaw),
    atMost(pose.pitch, t.maxPitch),
    still ? 1 : atMost(pose.roll, t.maxRoll),
  ]
  if (region) {
    parts.push(
      atMost(region.brightness - middle, (t.maxBrightness - t.minBrightness) / 2),
      atLeast(region.contrast, t.minContrast, t.minContrast * 1.5),
      atLeast(region.sharpness, t.minSharpness, t.minSharpness * 2),
    )
  }
  // A passing face scores 50–100 (every part ≥ 0.5); a failing one 0–49, lower the further out.
  const mean = parts.reduce((a, b) => a + b, 0) / parts.length
  const worst = Math.min(...parts)
  const passed = failures.length === 0
  const score = faceCount !== 1 ? 0 : passed ? Math.round(100 * mean) : Math.min(49, Math.round(100 * mean * (worst / 0.5)))
  return { score, passed, measures, failures, face: { box: main.box, eyes } }
}

export interface PixelFrame {
  data: ArrayLike<number>
  width: number
  height: number
  /** 4 for canvas ImageData (RGBA), 3 for packed RGB. */
  channels: 3 | 4
}

/** assessQuality on a frame's pixels: only the largest face's region is converted to gray. */
export function assessPixels(
  frame: PixelFrame,
  faces: readonly FaceCandidate[],
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
  source: FrameSource = 'live',
): QualityReport {
  const main = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0]
  let gray: GrayImage | undefined
  if (main?.landmarks) {
    const region = faceRegion(main.landmarks)
    const border = 4
    gray = grayFromPixels(frame.data, frame.width, frame.height, frame.channels, {
      x: region.x - border,
      y: region.y - border,
      width: region.width + 2 * border,
      height: region.height + 2 * border,
    })
  } else if (!main) {
    // no face: the centre tells whether the picture itself is why (noFaceCause)
    gray = grayFromPixels(frame.data, frame.width, frame.height, frame.channels, frameCentre(frame))
  }
  return assessQuality({ frame: { width: frame.width, height: frame.height }, faces, gray, source }, thresholds)
}
