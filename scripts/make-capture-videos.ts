/**
 * Extra fake-camera videos for the capture tests, derived from make-face-fixtures' good video
 * (same person, same drift), into the same folder (test/fixtures/generated/face/, git-ignored):
 *
 *   far.y4m   the good scene at 45 % size, centred on a dark background: a visitor standing back
 *             (≈ 40 px between the eyes, under the gate's 60): "come closer", never captured.
 *
 *   npx tsx scripts/make-capture-videos.ts      or   await ensureCaptureVideos() from a test
 *
 * Idempotent: a video newer than the good one it comes from is kept.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureFaceFixtures, FACE_FIXTURES_DIR, VIDEO_SIZE } from './make-face-fixtures'

export const CAPTURE_VIDEOS = { far: 'far.y4m' } as const

const FAR_SCALE = 0.45

export async function ensureCaptureVideos(): Promise<{ [K in keyof typeof CAPTURE_VIDEOS]: string }> {
  const { videos } = await ensureFaceFixtures({ videos: true })
  const good = videos!.good
  const far = join(FACE_FIXTURES_DIR, CAPTURE_VIDEOS.far)
  if (!existsSync(far) || statSync(far).mtimeMs < statSync(good).mtimeMs) {
    const { width, height } = VIDEO_SIZE
    const partial = `${far}.${process.pid}.partial`
    const result = spawnSync(
      'ffmpeg',
      [
        '-hide_banner', '-loglevel', 'error', '-y', '-i', good,
        '-vf', `scale=${Math.round(width * FAR_SCALE / 2) * 2}:-2,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/3:color=0x202020`,
        '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', partial,
      ],
      { encoding: 'utf8' },
    )
    if (result.status !== 0) {
      rmSync(partial, { force: true })
      throw new Error(`ffmpeg failed for ${CAPTURE_VIDEOS.far}: ${result.error?.message ?? result.stderr}`)
    }
    renameSync(partial, far)
  }
  return { far }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of Object.values(await ensureCaptureVideos())) console.log(path)
}
