import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A stand-in for Electron's executable: not runnable, but it carries the fuse wire exactly as the
 * real binary does (sentinel, wire version 1, wire length, one '0'/'1' byte per fuse), so
 * @electron/fuses and electron-builder treat it as the real thing. The states are Electron's
 * defaults; the ninth fuse is one @electron/fuses 1.8 does not know, which must stay untouched.
 */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
export const DEFAULT_WIRE = '101100011'

export function writeFakeElectronBinary(path: string, wire: string = DEFAULT_WIRE): void {
  const bytes = Buffer.concat([Buffer.from('#!/bin/sh\necho "not a real Electron"\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from('\n')])
  writeFileSync(path, bytes)
  chmodSync(path, 0o755)
}

/** The folder electron-builder's `electronDist` expects for Linux. */
export function writeFakeElectronDist(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true })
  writeFakeElectronBinary(join(dir, 'electron'))
  writeFileSync(join(dir, 'version'), JSON.parse(readFileSync(new URL('../../node_modules/electron/package.json', import.meta.url), 'utf8')).version)
  writeFileSync(join(dir, 'LICENSE'), 'MIT')
  return dir
}

/** The wire as a '0'/'1' string, read back from the file. */
export function readFuseWire(path: string): string {
  const bytes = readFileSync(path)
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]).toString('latin1')
}
