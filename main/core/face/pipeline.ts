/**
 * One photo in, one standard portrait out (Node): what `enroll person add --photo`, `enroll import
 * --photos` and a camera capture all go through.
 *
 *   processPhoto(bytes, options?) → ProcessedPhoto        or throws CoreError (field `photo`)
 *   describePortrait(jpeg) → Float32Array                 the descriptor of a stored portrait
 *   findFaces(image) / assessPhoto(image, faces, t)       the detection and gate steps alone
 *
 * Steps: decode (EXIF orientation) → detect every face with its 68 landmarks → quality report on
 * the largest → standard crop → descriptor computed on the crop, so a descriptor can always be
 * recomputed from the stored photo alone and camera and file photos compare alike.
 * No face and several faces are always refused. Other failing measures are refused when `strict`
 * (the default: camera and single photos) and reported as `warnings` otherwise (bulk import of old
 * photos, where a slightly soft or turned face is better than none).
 */
import { CoreError, englishText, type FieldIssue } from '../../../common/errors/core-error'
import { cropPortrait, type PortraitOptions } from './crop'
import { describeFace, detectFaces, type DetectedFace } from './detector-node'
import { eyeCentres, portraitTransform, type EyePair } from '../../../common/face/geometry'
import { decodePhoto, photoError, PHOTO_LIMITS, shrinkImage, type PhotoLimits, type RgbImage } from './image'
import { photoFault } from './photo-faults'
import { assessPixels, DEFAULT_QUALITY_THRESHOLDS, type QualityFailure, type QualityReport, type QualityThresholds } from '../../../common/face/quality'

export interface ProcessOptions extends PortraitOptions {
  /** Refuse photos failing any quality measure (default true); otherwise keep them with warnings. */
  strict?: boolean
  thresholds?: QualityThresholds
  limits?: PhotoLimits
}

export interface ProcessedPhoto {
  /** The standard portrait: baseline 4:2:0 JPEG, PORTRAIT size, under maxBytes. */
  jpeg: Buffer
  width: number
  height: number
  /** The source photo's quality report (score, measures, failures). */
  quality: QualityReport
  /** Failing measures that were accepted because `strict` was false (empty otherwise). */
  warnings: QualityFailure[]
  /** 128-d face descriptor of the portrait. */
  descriptor: Float32Array
  /** Eye centres in the upright source photo. */
  eyes: EyePair
}

/** A photo refused for its content (not for being unreadable): carries the full quality report. */
export class PhotoRejectedError extends CoreError {
  readonly report: QualityReport
  constructor(report: QualityReport, failures: QualityFailure[]) {
    const issues = failures.map((f): FieldIssue => {
      const coded = photoFault(f, report.measures)
      return { field: 'photo', message: englishText(coded.messageCode, coded.params), ...coded }
    })
    super('invalid', `photo: ${issues.map((issue) => issue.message).join('; ')}`, { field: 'photo', issues })
    this.name = 'PhotoRejectedError'
    this.report = report
  }
}

/**
 * Detection runs on a copy at most this wide or tall: the tiny detector looks at 128–512 px anyway,
 * and turning a 2 MP image into its input tensor costs ~40 ms more on WASM for the same faces. At
 * 800 px every demo group photo still shows at least two faces, so several people are still
 * refused. A face too small to be found there is retried at full size, so the reason stays right.
 */
const DETECTION_MAX_SIDE = 800

/** Faces found on the shrunk copy, with boxes and landmarks in the full image's pixels. */
export async function findFaces(image: RgbImage): Promise<DetectedFace[]> {
  const small = await shrinkImage(image, DETECTION_MAX_SIDE)
  const faces = await detectFaces(small)
  if (small === image) return faces
  if (faces.length === 0) return detectFaces(image)
  const k = image.width / small.width
  return faces.map((face) => ({
    score: face.score,
    box: { x: face.box.x * k, y: face.box.y * k, width: face.box.width * k, height: face.box.height * k },
    landmarks: face.landmarks.map((p) => ({ x: p.x * k, y: p.y * k })),
  }))
}

/** Reasons that no setting can waive: without exactly one face there is nobody to enroll. */
const ALWAYS_REFUSED = new Set(['no_face', 'multiple_faces'])

/** A photo is judged as a still: its lens is unknown and its roll is levelled by the crop, not refused. */
export function assessPhoto(image: RgbImage, faces: DetectedFace[], thresholds: QualityThresholds): QualityReport {
  return assessPixels({ data: image.data, width: image.width, height: image.height, channels: 3 }, faces, thresholds, 'still')
}

export async function processPhoto(bytes: Buffer, options: ProcessOptions = {}): Promise<ProcessedPhoto> {
  const strict = options.strict ?? true
  const thresholds = options.thresholds ?? DEFAULT_QUALITY_THRESHOLDS
  const image = await decodePhoto(bytes, options.limits ?? PHOTO_LIMITS)
  const faces = await findFaces(image)
  const quality = assessPhoto(image, faces, thresholds)
  const refused = quality.failures.filter((f) => strict || ALWAYS_REFUSED.has(f.code))
  if (refused.length > 0) throw new PhotoRejectedError(quality, refused)

  const eyes = eyeCentres(faces[0].landmarks)
  const portrait = await cropPortrait(image, eyes, options)
  // The crop is a similarity transform, so the source landmarks carry over exactly.
  const transform = portraitTransform(eyes)
  const landmarks = faces[0].landmarks.map((p) => transform.toPortrait(p))
  const descriptor = await describeFace(await decodePhoto(portrait.jpeg), landmarks)
  return {
    jpeg: portrait.jpeg,
    width: portrait.width,
    height: portrait.height,
    quality,
    warnings: strict ? [] : quality.failures,
    descriptor,
    eyes,
  }
}

/** Descriptor of an already cropped portrait (e.g. rebuilding the index from stored photos). */
export async function describePortrait(jpeg: Buffer): Promise<Float32Array> {
  const image = await decodePhoto(jpeg)
  const faces = await detectFaces(image)
  if (faces.length === 0) throw photoError('photo.no_face_in_portrait')
  return describeFace(image, faces[0].landmarks)
}
