/** What the backup channels answer (the work is main/core/backup/). */
import type { BackupManifest } from './manifest'

export interface BackupResult {
  path: string
  persons: number
  photos: number
  /** Bytes of every file in the backup, manifest included. */
  bytes: number
  /** SHA-256 of manifest.json, which holds the hash of every other file. */
  sha256: string
  createdAt: string
  missingPhotos: string[]
}

export interface BackupSummary {
  path: string
  name: string
  createdAt: string
  createdBy: string
  appVersion: string
  counts: BackupManifest['counts']
  /** Sum of the files the manifest lists (the manifest itself not counted). */
  bytes: number
  files: number
}

export interface VerifyResult {
  path: string
  ok: boolean
  /** Files the manifest lists, all checked. */
  checked: number
  missing: string[]
  /** Files whose size or SHA-256 differ from the manifest. */
  changed: string[]
  /** Files in the folder the manifest does not list (reported, not copied by a restore). */
  unexpected: string[]
  manifest: BackupManifest
}

export interface BackupListResult {
  /** The folder listed. */
  destination: string
  defaultDestination: string
  backups: BackupSummary[]
  secretsNote: string
}

/** What the UI needs from a verification: the manifest's file list stays on disk. */
export type VerifySummary = Omit<VerifyResult, 'manifest'> & { counts: BackupManifest['counts']; createdAt: string }
