/** The one catalogue per language: every key has a text in both, each text parses as ICU, and both ask for the same values. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { catalogues, translatorFor } from '../../common/i18n/translator'
import { LANGUAGES } from '../../common/i18n/languages'
import type { MessageKey } from '../../common/i18n/en'

const keysOf = (language: keyof typeof catalogues) => Object.keys(catalogues[language]).sort()

/** The value names a text uses, including those only inside a plural's branches. */
function argumentNames(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue
    if (element.type === TYPE.tag) {
      argumentNames(element.children, into)
      continue
    }
    into.add(element.value)
    if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) argumentNames(option.value, into)
  }
  return into
}

test('every key has a non-empty text in every language, and no language has a key English lacks', () => {
  for (const language of LANGUAGES) {
    assert.deepEqual(keysOf(language), keysOf('en'), language)
    const blank = Object.entries(catalogues[language]).filter(([, text]) => !text.trim())
    assert.deepEqual(blank, [], `${language}: blank texts`)
  }
})

test('every text parses as an ICU message and asks for the same values in both languages', () => {
  for (const key of keysOf('en') as MessageKey[]) {
    const names = LANGUAGES.map((language) => {
      const text = catalogues[language][key]
      try {
        return [...argumentNames(parse(text, { ignoreTag: true }))].sort()
      } catch (error) {
        throw new Error(`${language} ${key}: ${String(error)} in ${JSON.stringify(text)}`)
      }
    })
    assert.deepEqual(names[0], names[1], `${key}: ${LANGUAGES.join(' and ')} use different values`)
  }
})

test('plurals and numbers follow the language; a key with no text is reported, not silently blank', () => {
  const missing: string[] = []
  const en = translatorFor('en', (language, key) => missing.push(`${language}:${key}`))
  const zh = translatorFor('zh-CN')
  assert.equal(en('persons.count', { count: 1 }), '1 person')
  assert.equal(en('persons.count', { count: 12345 }), '12,345 persons')
  assert.equal(zh('persons.count', { count: 12345 }), '共 12,345 人')
  assert.equal(en('settings.countsLine', { total: 1200, employee: 1, visitor: 2, vip: 3, blacklist: 4, deleted: 5 }).startsWith('1,200 active'), true)
  assert.equal(en('no.such.key' as MessageKey), 'no.such.key')
  assert.deepEqual(missing, ['en:no.such.key'])
})
