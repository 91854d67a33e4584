/**
 * The CLI is a client of the contract like the UI and the loopback host: its commands build a
 * request and call the one dispatch, so they can do what the UI does and are refused alike.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStation } from '../../main/core/station'
import { enroll } from '../helpers/cli'
import { contractCaller, type BridgeRefusal } from '../helpers/contract-caller'
import { REPO_ROOT, tempDir } from '../helpers/temp'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'

const COMMANDS_DIR = join(REPO_ROOT, 'main/cli/commands')

/** What any command may import: the CLI's own parsing and formatting, the browser-safe declarations, Node's built-ins. */
const ALLOWED = [/^\.\.\/(command|args|format)$/, /^\.\/[a-z-]+$/, /^\.\.\/\.\.\/\.\.\/common\//, /^node:/]

/**
 * The only direct ways into the core, each with its reason; a new one fails this test until it is
 * argued for here. `station` marks a file allowed to touch ctx.station (everything else uses ctx.call).
 */
const EXCEPTIONS: Record<string, { imports: string[]; station: boolean; why: string }> = {
  'person.ts': { imports: ['../../core/photos/bounded-file'], station: false, why: 'reads the photo file the user named, with the core size cap and a refusal naming the field; no register access' },
  'csv.ts': {
    imports: ['../../core/photos/bounded-file', '../../core/backup/backup-destination'],
    station: false,
    why: 'reads the CSV file the user named (bounded, as above) and words a failed write of the export file (describeFsError)',
  },
  'backup.ts': {
    imports: ['../../core/backup'],
    station: true,
    why: 'over the contract backups stay inside the folder chosen in Settings; --to DIR and verify PATH are a local admin’s own paths, and restore fills a new data folder with no register open',
  },
  'sync.ts': { imports: [], station: true, why: '`enroll sync` hosts the queue worker for as long as it runs (start, wait until idle, stop); its report is read through sync.summary and sync.status' },
  'sync-follow.ts': {
    imports: [],
    station: true,
    why: '`enroll sync --follow` hosts the queue worker until a signal, like `enroll sync`, and on a site desk starts and stops the pusher leases with it; its lines read sync.summary and site.status',
  },
  'target.ts': {
    imports: ['../../core/connectors/definitions'],
    station: false,
    why: '`target add` parses each back end’s own options and prints their usage from the list of definitions (no register access); the target itself is added through target.add',
  },
  'serve.ts': { imports: ['../../host/loopback-host', '../../logging/station-log'], station: true, why: '`enroll serve` is the loopback host: it serves the contract itself' },
}

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2])
}

test('CLI commands reach the core only through the contract (ctx.call), apart from the argued exceptions', () => {
  const files = readdirSync(COMMANDS_DIR).filter((name) => name.endsWith('.ts'))
  assert.ok(files.includes('target.ts') && files.includes('person.ts'), 'the commands folder is where this test looks')
  const offences: string[] = []
  for (const file of files) {
    const source = readFileSync(join(COMMANDS_DIR, file), 'utf8')
    const exception = EXCEPTIONS[file]
    for (const specifier of importsOf(source)) {
      if (ALLOWED.some((rule) => rule.test(specifier)) || exception?.imports.includes(specifier)) continue
      offences.push(`${file} imports ${specifier}`)
    }
    if (/ctx\.(station|handlers)\b/.test(source) && !exception?.station) offences.push(`${file} uses ctx.station or ctx.handlers instead of ctx.call`)
  }
  assert.deepEqual(offences, [])
})

test('the static check bites: an import of a core service is an offence', () => {
  const imports = importsOf(`import type { TargetService } from '../../core/targets/target-service'\nimport { parse } from '../args'\n`)
  assert.deepEqual(imports, ['../../core/targets/target-service', '../args'])
  assert.equal(ALLOWED.some((rule) => rule.test(imports[0])), false)
})

/** The CLI's --json refusal on stderr, exit 2, against the same request sent to the contract. */
function assertSameRefusal(cli: ReturnType<typeof enroll>, contract: BridgeRefusal, label: string) {
  assert.equal(cli.status, 2, `${label}: bad input exits 2 (${cli.stderr})`)
  const { error } = JSON.parse(cli.stderr) as { error: { code: string; field?: string; message: string } }
  assert.deepEqual({ code: error.code, field: error.field, message: error.message }, { code: contract.code, field: contract.field, message: contract.message }, label)
}

test('a refusal is the same through the CLI and through the contract: code, field and words', async () => {
  const faces = await ensureFaceFixtures()
  const data = tempDir('cli-parity-')
  assert.equal(enroll(data, 'group', 'add', '--name', 'Staff', '--id', 'staff').status, 0)
  assert.equal(enroll(data, 'target', 'add', 'sophon', '--name', 'gate', '--base-url', 'http://127.0.0.1:9').status, 0)
  const tooLong = 'x'.repeat(129)
  const cli = {
    missingSetting: enroll(data, 'target', 'add', 'tuya', '--name', 'cloud', '--base-url', 'http://127.0.0.1:9', '--client-secret', 's', '--json'),
    remoteIdTooLong: enroll(data, 'target', 'map-group', 'staff', '--target', 'gate', '--remote', tooLong, '--json'),
    noFace: enroll(data, 'person', 'add', '--name', 'Nobody', '--photo', faces.noFace, '--json'),
  }

  const station = await openStation({ dataDir: data, faceProcessing: true })
  try {
    const contract = contractCaller(station)
    assertSameRefusal(cli.missingSetting, await contract.refused('target.add', { name: 'cloud', kind: 'tuya', baseUrl: 'http://127.0.0.1:9', settings: {}, secrets: { clientSecret: 's' } }), 'target add')
    assertSameRefusal(cli.remoteIdTooLong, await contract.refused('target.mapGroup', { target: 'gate', group: 'staff', remoteIds: [tooLong] }), 'target map-group')
    assertSameRefusal(cli.noFace, await contract.refused('face.prepareFile', { base64: readFileSync(faces.noFace).toString('base64') }), 'person add --photo')
    assert.deepEqual(station.persons.list({}).total, 0, 'nothing was stored')
    assert.deepEqual(station.targets.require('gate').mapping.groups, {}, 'the mapping is as it was')
  } finally {
    await station.close()
  }
})
