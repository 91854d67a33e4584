/**
 * Site mode against a real CouchDB 3, where one is reachable: the compatibility scenario
 * (scripts/site-couchdb-check.ts: users, database security, two desks, enroll, blacklist, edits
 * across a cut link) as part of `npm test`. It needs a server admin's address in COUCHDB_URL;
 * without it the test is skipped and says so (no CouchDB can be installed on the build machines).
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { REPO_ROOT } from '../helpers/temp'

const skip = process.env.COUCHDB_URL ? false : 'skipped: no CouchDB (set COUCHDB_URL=http://admin:password@host:5984 to run the site scenario against one)'
if (skip) console.log(skip)

test('the site scenario passes against a real CouchDB', { skip, timeout: 300_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/site-couchdb-check.ts'], { cwd: REPO_ROOT, env: process.env })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
  console.log(output.trimEnd())
  assert.equal(status, 0, output)
  assert.match(output, /site:couchdb-check passed/)
})
