import { randomInt } from 'node:crypto'
import type { PersonType } from '../../../common/model/person'

/** Visitors and blacklist entries rarely arrive with a work number; they get one the back ends accept. */
const PREFIX: Partial<Record<PersonType, string>> = { visitor: 'V', blacklist: 'B' }
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ' // no 0/O/1/I: codes get read aloud and typed

export function codeIsGenerated(type: PersonType): boolean {
  return PREFIX[type] !== undefined
}

export function generateCode(type: PersonType, now: Date, taken: (code: string) => boolean): string {
  const prefix = PREFIX[type] ?? 'P'
  const day = `${now.getFullYear() % 100}`.padStart(2, '0') + `${now.getMonth() + 1}`.padStart(2, '0') + `${now.getDate()}`.padStart(2, '0')
  for (let length = 4; ; length++) {
    for (let attempt = 0; attempt < 20; attempt++) {
      let suffix = ''
      for (let i = 0; i < length; i++) suffix += ALPHABET[randomInt(ALPHABET.length)]
      const code = `${prefix}${day}${suffix}`
      if (!taken(code)) return code
    }
  }
}
