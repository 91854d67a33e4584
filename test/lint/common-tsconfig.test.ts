// common/ is type-checked without Node types (common/tsconfig.json): a Node import or a Node
// global written there fails the check, while zod and the DOM stay available. The probe is
// compiled with that tsconfig's own options, from a temporary folder, so the tree is not touched.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { tempDir } from '../helpers/temp'

const root = fileURLToPath(new URL('../..', import.meta.url))

function commonOptions(): ts.CompilerOptions {
  const configPath = join(root, 'common/tsconfig.json')
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
  assert.equal(error, undefined)
  return ts.parseJsonConfigFileContent(config, ts.sys, join(root, 'common')).options
}

/** The type errors of `source` compiled as a file of common/ (TS codes and messages). */
function typeErrors(source: string): string[] {
  const dir = tempDir('common-probe-')
  const file = join(dir, 'probe.ts')
  writeFileSync(file, source)
  // resolve zod from the repository's node_modules, as a file of common/ does
  const options = { ...commonOptions(), baseUrl: root, paths: { zod: [join(root, 'node_modules/zod')] } }
  const program = ts.createProgram([file], options)
  return ts.getPreEmitDiagnostics(program).map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)
}

test('common/tsconfig.json has no Node types: node:fs, fs and Buffer fail to type-check', () => {
  assert.deepEqual(commonOptions().types, [])
  const errors = typeErrors("import { readFileSync } from 'node:fs'\nimport { join } from 'path'\nexport const read = readFileSync\nexport const j = join\nexport const bytes = Buffer.from('a')\n")
  assert.equal(errors.length, 3, errors.join('\n'))
  assert.match(errors[0], /Cannot find module 'node:fs'/)
  assert.match(errors[1], /Cannot find module 'path'/)
  assert.match(errors[2], /Cannot find name 'Buffer'/)
})

test('common/tsconfig.json still has zod and the DOM', () => {
  assert.deepEqual(typeErrors("import { z } from 'zod'\nexport const s = z.string()\nexport const bytes = new TextEncoder().encode('a')\nexport const url = new URL('http://127.0.0.1/')\n"), [])
})
