/**
 * A real frontal portrait that no other test uses: matplotlib's sample grace_hopper.jpg (the US
 * Navy's official portrait of Grace Hopper, 512×600, public domain; glasses and a cap), as Debian's
 * python-matplotlib-data package ships it (debian-file.ts). Nothing of the face gate was tuned on it.
 *
 *   await ensureHopperPortrait() → absolute path of the JPEG
 */
import { pathToFileURL } from 'node:url'
import { debianImage } from './debian-file'

export function ensureHopperPortrait(): Promise<string> {
  return debianImage('python-matplotlib-data', '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg', { width: 512, height: 600 })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await ensureHopperPortrait())
}
