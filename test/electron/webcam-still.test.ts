import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { DEMO_PHOTOS, tempDir } from '../helpers/temp'
import { createWebcamStillSource, quoteForShell } from '../../main/electron/capture/webcam-still'

const SAMPLE = join(DEMO_PHOTOS, 'sample1.jpg')

/** A folder (with a space in its name, as on Windows profiles) holding a stand-in `fswebcam`. */
function standIn(body: string): { dir: string; argsFile: string } {
  const dir = join(tempDir('enroll-cam-'), 'cam bin')
  mkdirSync(dir)
  const argsFile = join(dir, 'args.txt')
  writeFileSync(join(dir, 'fswebcam'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n${body}\n`)
  chmodSync(join(dir, 'fswebcam'), 0o755)
  return { dir, argsFile }
}

// The real fswebcam writes the picture to its last argument.
const WRITES_SAMPLE = `for last; do :; done\ncp '${SAMPLE}' "$last"`

test('takes a still through node-webcam with the stand-in fswebcam and returns the JPEG', { skip: process.platform === 'win32' && 'POSIX shell stand-in' }, async () => {
  const { dir, argsFile } = standIn(WRITES_SAMPLE)
  const source = createWebcamStillSource({ env: { PATH: dir }, device: '/dev/video2', platform: 'linux' })
  const check = await source.check()
  assert.equal(check.available, true)
  assert.equal(check.path, join(dir, 'fswebcam'))
  const jpeg = await source.capture()
  assert.deepEqual(jpeg, readFileSync(SAMPLE))
  const info = await sharp(jpeg).metadata()
  assert.equal(info.format, 'jpeg')
  const args = readFileSync(argsFile, 'utf8').trim().split('\n')
  assert.deepEqual(args.slice(0, 2), ['-q', '-r'])
  assert.ok(args.includes('1280x720'))
  assert.deepEqual(args.slice(args.indexOf('--jpeg'), args.indexOf('--jpeg') + 2), ['--jpeg', '90'])
  assert.deepEqual(args.slice(args.indexOf('-d'), args.indexOf('-d') + 2), ['-d', '/dev/video2'])
  assert.ok(args.includes('--no-banner'))
  assert.match(args.at(-1)!, /enroll-still-.*\/still\.jpg$/, 'one path argument, quoted for the shell')
  assert.equal(existsSync(args.at(-1)!), false, 'the temporary still is removed')
})

test('a missing command gives a clear message naming what to install', async () => {
  const empty = tempDir('enroll-cam-empty-')
  const source = createWebcamStillSource({ env: { PATH: empty }, platform: 'linux' })
  const check = await source.check()
  assert.equal(check.available, false)
  assert.equal(check.message, 'The still-camera command "fswebcam" is not installed: install it with "sudo apt install fswebcam" (or your distribution\'s package manager).')
  await assert.rejects(source.capture(), (error: Error & { code?: string; field?: string }) => error.code === 'unsupported' && error.field === 'captureSource' && /not installed/.test(error.message))
  const mac = await createWebcamStillSource({ env: { PATH: empty }, platform: 'darwin' }).check()
  assert.match(mac.message, /brew install imagesnap/)
})

test('a command that writes no picture, fails or hangs is reported, not returned as a photo', { skip: process.platform === 'win32' && 'POSIX shell stand-in' }, async () => {
  const silent = standIn('exit 0')
  await assert.rejects(createWebcamStillSource({ env: { PATH: silent.dir }, platform: 'linux' }).capture(), /wrote no JPEG picture/)

  const notJpeg = standIn('for last; do :; done\necho "not a jpeg" > "$last"')
  await assert.rejects(createWebcamStillSource({ env: { PATH: notJpeg.dir }, platform: 'linux' }).capture(), /wrote no JPEG picture/)

  const failing = standIn('echo "Error opening device /dev/video0: No such file or directory" >&2\nexit 1')
  await assert.rejects(createWebcamStillSource({ env: { PATH: failing.dir }, platform: 'linux' }).capture(), /The still camera failed: Error opening device \/dev\/video0: No such file or directory/)

  const hanging = standIn('sleep 2')
  await assert.rejects(createWebcamStillSource({ env: { PATH: hanging.dir }, platform: 'linux', timeoutMs: 200 }).capture(), /did not finish within/)
})

test('a device name that could smuggle shell syntax never reaches the command', { skip: process.platform === 'win32' && 'POSIX shell stand-in' }, async () => {
  const { dir, argsFile } = standIn(WRITES_SAMPLE)
  for (const device of ['/dev/video0; touch /tmp/pwned', '$(id)', '/dev/video0 && rm -rf ~', "x' -d 'y"]) {
    await assert.rejects(createWebcamStillSource({ env: { PATH: dir }, platform: 'linux', device }).capture(), (error: Error & { field?: string }) => error.field === 'captureDevice')
  }
  assert.equal(existsSync(argsFile), false, 'the command was never run')
})

test('paths are quoted for each shell; what quoting cannot make safe is refused', () => {
  assert.equal(quoteForShell('/tmp/a b/still.jpg', 'linux'), "'/tmp/a b/still.jpg'")
  assert.equal(quoteForShell('C:\\Users\\Li Wei\\AppData\\Local\\Temp\\s.jpg', 'win32'), '"C:\\Users\\Li Wei\\AppData\\Local\\Temp\\s.jpg"')
  assert.throws(() => quoteForShell("/tmp/o'brien/s.jpg", 'linux'), /quote/)
  assert.throws(() => quoteForShell('C:\\%TEMP%\\s.jpg', 'win32'), /Windows shell/)
})
