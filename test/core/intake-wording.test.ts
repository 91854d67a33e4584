/** What the desk shows of the intake's refusals (import rows, photo files, text fields, backup folder) reads in Chinese too. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { refusalText } from '../../common/i18n/error-text'
import { translatorFor } from '../../common/i18n/translator'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'

const CJK = /[\u4e00-\u9fff]/
const zh = translatorFor('zh-CN')

test('import-row, photo-file, text-field and backup-folder refusals have zh-CN wording', async () => {
  const dir = tempDir()
  const photos = join(dir, 'photos-in')
  mkdirSync(join(photos, 'folder.jpg'), { recursive: true })
  symlinkSync('/dev/zero', join(photos, 'zero.jpg'))
  const station = await openStation({ dataDir: join(dir, 'data') })
  try {
    const csv = 'code,name,photo\nW1,Extra,,surplus\nW2,Twice\nW2,Twice\nW3,"Bell\u0007"\nW4,Zero,zero.jpg\nW5,Folder,folder.jpg\nW6,Missing,nowhere.jpg\n'
    const report = await station.csv.import(Buffer.from(csv), { actor: 'desk', photosDir: photos })
    assert.equal(report.failed.length, 6)
    for (const problem of report.failed) {
      assert.ok(problem.messageCode, `no message code: ${problem.message}`)
      assert.match(refusalText(problem, zh)!, CJK, problem.message)
    }
    const call = contractCaller(station)
    const backup = await call.refused('backup.verify', { path: '/etc' })
    assert.match(refusalText(backup, zh)!, /^路径：必须位于设置中选择的备份文件夹 .+ 之内$/)
    const utf8 = await call.refused('csv.import', { base64: Buffer.from([0xff, 0xfe]).toString('base64'), encoding: 'utf8' })
    assert.equal(utf8.code, 'invalid')
    assert.match(refusalText(utf8, zh)!, /^文件：不是有效的 UTF-8/)
  } finally {
    await station.close()
  }
})
