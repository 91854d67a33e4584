import type { PhotoService } from '../photos/photo-service'

/**
 * Photos are files named by their hash and never change, so the bytes read for one attempt can
 * serve the retries that follow (a back end failing 70% of calls retries a person dozens of
 * times). Least recently used first out, bounded in bytes.
 */
export class PhotoCache {
  private readonly entries = new Map<string, Buffer>()
  private bytes = 0

  constructor(
    private readonly photos: PhotoService,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  async read(hash: string): Promise<Buffer> {
    const cached = this.entries.get(hash)
    if (cached) {
      this.entries.delete(hash)
      this.entries.set(hash, cached)
      return cached
    }
    const bytes = await this.photos.read(hash)
    this.entries.set(hash, bytes)
    this.bytes += bytes.length
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.bytes -= value.length
    }
    return bytes
  }
}
