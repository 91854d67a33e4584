import type { PhotoRef } from '../model/person'
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
}

export type FaceProcessor = (bytes: Buffer, source: PhotoRef['source']) => Promise<ProcessedFace>

export class PhotoService {
  private processor: FaceProcessor | null = null
  private readonly descriptorListeners: Array<(hash: string, descriptor: Float32Array) => void> = []

  constructor(readonly dataDir: string) {}

  useProcessor(processor: FaceProcessor): void {
    this.processor = processor
  }

  onDescriptor(listener: (hash: string, descriptor: Float32Array) => void): void {
    this.descriptorListeners.push(listener)
  }

  async fromFile(bytes: Buffer, source: PhotoRef['source']): Promise<PhotoRef> {
    if (!this.processor) return savePhotoFile(this.dataDir, bytes, { source, quality: null })
    const face = await this.processor(bytes, source)
    const photo = await savePhotoFile(this.dataDir, face.jpeg, { source, quality: face.quality })
    if (face.descriptor) for (const listener of this.descriptorListeners) listener(photo.hash, face.descriptor)
    return photo
  }

  read(hash: string): Promise<Buffer> {
    return readPhotoFile(this.dataDir, hash)
  }

  remove(hash: string): Promise<void> {
    return deletePhotoFile(this.dataDir, hash)
  }
}
