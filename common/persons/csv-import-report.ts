import type { CodedMessage } from '../errors/message-codes'
import type { FieldMatch } from './field-match'

/** A remark about the whole file, in the core's English with its message code. */
export interface ImportNotice extends CodedMessage {
  message: string
  messageCode: NonNullable<CodedMessage['messageCode']>
}

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

/** A row saved whose certificate number, phone or name agree with a blacklist entry's. */
export interface BlacklistNote {
  line: number
  code: string
  name: string
  matches: FieldMatch[]
}

export interface ImportReport {
  created: number
  updated: number
  failed: ImportProblem[]
  /** What the whole file needs said (read as GBK, columns ignored), by message code. */
  notices: ImportNotice[]
  /** Rows whose photo matches someone registered (blacklist first) or was accepted with warnings. */
  photoNotes: PhotoNote[]
  /** Rows saved whose fields match a blacklist entry (strong matches first): the same alert as a face match. */
  blacklistNotes: BlacklistNote[]
  rows: number
}
