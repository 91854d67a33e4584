import sharp from 'sharp'
import type { PhotoRef } from '../../../common/model/person'
import { fieldCodeError } from '../../../common/errors/core-error'
import { deletePhotoFile, readPhotoFile, savePhotoFile } from './photo-files'

/**
 * Turns an image someone supplied into a stored face photo. With a face processor wired in
 * (detection, quality gate, standard crop) every photo goes through it, whatever its source;
 * without one (tests of the register alone) the image is stored as given.
 */
export interface ProcessedFace {
  jpeg: Buffer
  quality: number | null
  descriptor?: Float32Array
  /** Failing quality measures that were accepted (bulk import), in words. */
  warnings?: string[]
}

/** Someone already registered whose face is close to this photo's. */
export interface FaceMatchNotice {
  personId: string
  distance: number
  blacklist: boolean
}

export interface PhotoIntake {
  photo: PhotoRef
  warnings: string[]
  matches: FaceMatchNotice[]
}

export type FaceProcessor = (bytes: Buffer, source: PhotoRef['source']) => Promise<ProcessedFace>

export class PhotoService {
  private processor: FaceProcessor | null = null
  private matcher: ((descriptor: Float32Array) => Promise<FaceMatchNotice[]>) | null = null

  constructor(readonly dataDir: string) {}

  useProcessor(processor: FaceProcessor): void {
    this.processor = processor
  }

  /** Looks a new photo's face up in the register (duplicates, blacklist) before it is saved to a person. */
  useMatcher(matcher: (descriptor: Float32Array) => Promise<FaceMatchNotice[]>): void {
    this.matcher = matcher
  }

  async fromFile(bytes: Buffer, source: PhotoRef['source']): Promise<PhotoRef> {
    return (await this.intake(bytes, source)).photo
  }

  /** The stored photo plus what the user should hear about it: accepted weaknesses and look-alikes. */
  async intake(bytes: Buffer, source: PhotoRef['source']): Promise<PhotoIntake> {
    if (!this.processor) return { photo: await savePhotoFile(this.dataDir, bytes, { source, quality: null }), warnings: [], matches: [] }
    const face = await this.processor(bytes, source)
    const photo = await savePhotoFile(this.dataDir, face.jpeg, { source, quality: face.quality })
    const matches = face.descriptor && this.matcher ? await this.matcher(face.descriptor) : []
    return { photo, warnings: face.warnings ?? [], matches }
  }

  /** A photo already in the photo files (a portrait face.prepare cropped and stored), described for a person. */
  async stored(hash: string, meta: { source: PhotoRef['source']; quality: number | null }): Promise<PhotoRef> {
    let bytes: Buffer
    try {
      bytes = await this.read(hash)
    } catch {
      throw fieldCodeError('photo', 'photo.capture_gone')
    }
    const info = await sharp(bytes).metadata()
    return { hash, width: info.width!, height: info.height!, bytes: bytes.length, quality: meta.quality, source: meta.source, capturedAt: new Date().toISOString() }
  }

  read(hash: string): Promise<Buffer> {
    return readPhotoFile(this.dataDir, hash)
  }

  remove(hash: string): Promise<void> {
    return deletePhotoFile(this.dataDir, hash)
  }
}
