/**
 * A real frontal portrait from outside the face library's demo photos: scikit-image's
 * astronaut.png (NASA's official portrait of Eileen Collins, 512×512, public domain), as Debian's
 * python3-skimage package ships it (installing that package would pull in some fifty scientific
 * packages: debian-file.ts takes the one file out of it). Nothing of the face gate was tuned on it.
 *
 *   await ensureNasaPortrait() → absolute path of the PNG
 */
import { pathToFileURL } from 'node:url'
import { debianImage } from './debian-file'

export function ensureNasaPortrait(): Promise<string> {
  return debianImage('python3-skimage', '/usr/lib/python3/dist-packages/skimage/data/astronaut.png', { width: 512, height: 512 })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await ensureNasaPortrait())
}
