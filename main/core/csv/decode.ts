import iconv from 'iconv-lite'
import { englishText, fieldCodeError } from '../../../common/errors/core-error'
import type { ImportNotice } from '../../../common/persons/csv-import-report'

/**
 * CSV files come from Excel: UTF-8 with a BOM, UTF-8 without, or (on Chinese Windows) GBK.
 * Invalid UTF-8 is read as GBK and said so, rather than filling the register with mojibake.
 */
export function decodeCsv(bytes: Buffer, encoding: 'auto' | 'utf8' | 'gbk' = 'auto'): { text: string; notice: ImportNotice | null } {
  if (encoding === 'gbk') return { text: iconv.decode(bytes, 'gbk'), notice: null }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), notice: null }
  } catch {
    if (encoding === 'utf8') throw fieldCodeError('file', 'csv.not_utf8')
    return {
      text: iconv.decode(bytes, 'gbk'),
      notice: { message: englishText('csv.read_as_gbk'), messageCode: 'csv.read_as_gbk' },
    }
  }
}
