/**
 * Refusals by message code: every code the core throws has a text in both catalogues, and a
 * refusal crosses the contract with its code and values, so the page and the CLI word it in
 * either language while the core's own message stays its English.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { openStation } from '../../main/core/station'
import { MESSAGE_CODES } from '../../common/errors/message-codes'
import { fromZodError } from '../../common/errors/core-error'
import { catalogues, translatorFor } from '../../common/i18n/translator'
import { refusalText } from '../../common/i18n/error-text'
import { LANGUAGES } from '../../common/i18n/languages'
import { contractCaller } from '../helpers/contract-caller'
import { tempDir } from '../helpers/temp'

const zh = translatorFor('zh-CN')
const en = translatorFor('en')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

test('every message code has a text in every language', () => {
  for (const language of LANGUAGES) {
    const missing = MESSAGE_CODES.filter((code) => !(catalogues[language] as Record<string, string>)[`error.${code}`]?.trim())
    assert.deepEqual(missing, [], `${language} has no text for these codes`)
  }
})

/** Every place main/ and common/ name a message code: a throw, a field issue, a photo refusal, an import problem, a photo fault. */
const CODE_NAMED_BY = [
  /\bcoreError\(\s*'\w+',\s*'([\w.]+)'/g,
  /\b(?:fieldCodeError|codedIssue|problem|cliError)\(\s*[^,()]+(?:\([^()]*\))?,\s*(?:'[\w.]+',\s*)?'([\w.]+)'/g,
  /\b(?:photoError|englishText|codedIssueParams|schemaWording)\(\s*'([\w.]+)'/g,
  /\bmessageCode: '([\w.]+)'/g,
  /\?\s*'(store\.[\w.]+)'\s*:\s*'(store\.[\w.]+)'/g,
]
const coreSources = () => [...sourceFiles('main'), ...sourceFiles('common')].filter((file) => !file.startsWith(join('common', 'i18n')))

test('every code the core names is in the code list (and so in both catalogues), and every code in the list is named somewhere', () => {
  const named = new Set<string>()
  for (const file of coreSources()) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of CODE_NAMED_BY) for (const match of text.matchAll(pattern)) match.slice(1).forEach((code) => code && named.add(code))
  }
  assert.ok(named.size >= 100, `found only ${named.size} coded refusals: the scan no longer sees them`)
  const unknown = [...named].filter((code) => !(MESSAGE_CODES as readonly string[]).includes(code))
  assert.deepEqual(unknown, [], 'named in main/ or common/ but not in message-codes.ts')
  const everything = coreSources()
    .filter((file) => !file.endsWith(join('errors', 'message-codes.ts')))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
  const unused = MESSAGE_CODES.filter((code) => !named.has(code) && !everything.includes(`'${code}'`))
  assert.deepEqual(unused, [], 'in message-codes.ts but raised nowhere')
})

/**
 * English on purpose: what a back end's document lacks, found before a push (connectors' validate),
 * is kept with the sync state as its words beside the back end's own; and the refusal of a frame
 * that is not the station's page, which no user sees.
 */
const ENGLISH_ON_PURPOSE = new Set(['main/core/connectors/photo.ts', 'main/core/connectors/hyapi/hyapi.ts', 'main/core/connectors/isdp/isdp.ts', 'main/core/connectors/sophon/sophon.ts', 'main/core/connectors/yce/yce.ts', 'main/electron/ipc.ts'].map((file) => join(file)))

/** The CLI's error made from the words of Node itself: parseArgs' own message, a system error starting the host. */
const NODE_WORDS = new Set(['main/cli/command.ts', 'main/cli/args.ts', 'main/cli/commands/serve.ts'].map((file) => join(file)))

test('no refusal in main/ or common/ is raised with English text only', () => {
  const englishOnly: string[] = []
  for (const file of coreSources()) {
    if (file === join('common', 'errors', 'core-error.ts')) continue
    // a CoreError made by hand, a field refused by its words, or an issue whose message is a literal
    const byWords = ENGLISH_ON_PURPOSE.has(file) ? /\bnew CoreError\(|\bfieldError\(/ : /\bnew CoreError\(|\bfieldError\(|\{\s*field: [^}]*\bmessage: [`'"]/
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => (byWords.test(line) || (/\bnew CliError\(/.test(line) && !NODE_WORDS.has(file))) && englishOnly.push(`${file}:${index + 1}: ${line.trim()}`))
  }
  assert.deepEqual(englishOnly, [])
})

test('the page words the core only by message code: no renderer file holds the core’s English or a fallback over it', () => {
  const english = catalogues.en as Record<string, string>
  // the literal runs of each refusal's English, between its {values}: long enough to be a wording, not a word
  const wordings = MESSAGE_CODES.flatMap((code) => english[`error.${code}`].split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/)).map((run) => run.trim()).filter((run) => run.length >= 24)
  assert.ok(wordings.length >= 50, `only ${wordings.length} wordings to look for`)
  const found: string[] = []
  for (const file of sourceFiles('renderer')) {
    const text = readFileSync(file, 'utf8')
    if (/translateCoreMessage|core-messages|\btm\(/.test(text)) found.push(`${file}: a translation over English text`)
    for (const wording of wordings) {
      const escapedForRegex = wording.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      if (text.includes(wording) || text.includes(escapedForRegex)) found.push(`${file}: "${wording}"`)
    }
  }
  assert.deepEqual(found, [])
})

test('zod issues become field codes with their values; a wording with no code keeps its text', () => {
  const schema = z.object({ name: z.string().min(1, 'is required').max(8, 'at most 8 characters'), odd: z.string().regex(/^x$/, 'must be an x') }).strict()
  const error = fromZodError(schema.safeParse({ name: 'a much too long name', odd: 'y', extra: 1 }).error!)
  const byField = Object.fromEntries(error.issues.map((issue) => [issue.field, issue]))
  assert.deepEqual(byField.name, { field: 'name', message: 'at most 8 characters', messageCode: 'field.too_long', params: { limit: '8' } })
  assert.deepEqual(byField.odd, { field: 'odd', message: 'must be an x' })
  assert.equal(byField['(input)'].messageCode, 'field.unknown_keys')
  assert.equal(refusalText(byField.name, zh), '姓名：最多 8 个字符')
})

test('refusals cross the contract with their code and values; zh-CN and English word them from the catalogue', async () => {
  const station = await openStation({ dataDir: join(tempDir(), 'data') })
  try {
    const call = contractCaller(station)
    const blank = await call.refused('person.add', { name: '', type: 'visitor' })
    assert.equal(blank.message, 'name: is required')
    assert.equal(blank.issues[0].messageCode, 'field.required')
    assert.equal(refusalText(blank.issues[0], zh), '姓名：必填')
    assert.equal(refusalText(blank.issues[0], en), 'name: is required')

    const unknownChannel = await call.refused('no.such.channel' as never, {})
    assert.deepEqual([unknownChannel.message, unknownChannel.messageCode], ['channel: unknown channel "no.such.channel"', 'channel.unknown'])
    assert.equal(refusalText(unknownChannel, zh), '通道：未知的通道“no.such.channel”')

    const missing = await call.refused('person.show', { id: 'NOBODY' })
    assert.equal(missing.code, 'not_found')
    assert.deepEqual([missing.messageCode, missing.params], ['person.not_found', { id: 'NOBODY' }])
    assert.equal(missing.message, 'person: no person with id or code "NOBODY"')
    assert.equal(refusalText(missing, zh), '人员：找不到编号为“NOBODY”的人员')

    await call.ok('person.add', { code: 'E1', name: 'Ada', type: 'employee' })
    const taken = await call.refused('person.add', { code: 'E1', name: 'Bea', type: 'employee' })
    assert.equal(taken.code, 'conflict')
    assert.equal(taken.message, 'code: "E1" is already used by Ada')
    assert.equal(refusalText(taken, zh), '编号：“E1”已被 Ada 使用')

    const noWorkNumber = await call.refused('person.add', { name: 'Vic', type: 'vip' })
    assert.equal(noWorkNumber.message, 'code: is required for VIPs (their work number)')
    assert.equal(refusalText(noWorkNumber, zh), '编号：贵宾必须填写编号（工号）')

    const group = await call.ok('group.add', { name: 'Lobby' })
    await call.ok('person.edit', { id: 'E1', version: 1, groups: [group.id] })
    const inUse = await call.refused('group.delete', { id: group.id })
    assert.equal(inUse.code, 'in_use')
    assert.equal(refusalText(inUse, zh), '权限组：权限组“Lobby”已分配给 1 人；需先将其从这些人员移除才能删除（他们将在所有后端失去相应权限）')
    const unknownGroups = await call.refused('person.edit', { id: 'E1', version: 2, groups: ['nope', 'none'] })
    assert.equal(unknownGroups.message, 'groups: unknown groups nope, none')
    assert.equal(refusalText(unknownGroups, zh), '权限组：权限组不存在：nope, none')
  } finally {
    await station.close()
  }
})
