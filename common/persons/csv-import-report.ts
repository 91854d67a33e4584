import type { CodedMessage } from '../errors/message-codes'

/** What `csv.import` answers: each row stands alone, so the report names every refused row and every photo to look at. */
export interface ImportProblem extends CodedMessage {
  line: number
  field: string
  message: string
}

/** A row whose photo was kept but deserves a look: accepted weaknesses, or a face already registered. */
export interface PhotoNote {
  line: number
  code: string
  warnings: string[]
  matches: Array<{ personId: string; code: string; name: string; distance: number; blacklist: boolean; reason: string }>
}

export interface ImportReport {
  created: number
  updated: number
  failed: ImportProblem[]
  notices: string[]
  /** Rows whose photo matches someone registered (blacklist first) or was accepted with warnings. */
  photoNotes: PhotoNote[]
  rows: number
}
