// `enroll` start-to-answer times, the TypeScript sources through tsx beside the bundle
// (out/cli/enroll.mjs, `npm run build`), on registers of 1,000 and 100,000 persons.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { openStation } from '../main/core/station'
import { buildCli } from '../scripts/build-cli.mjs'
import { bundleState } from '../bin/bundle-state.js'
import { seedSyntheticRegister, syntheticPerson } from '../test/helpers/synthetic-people'
import { ms, percentile, table } from './stats'

const SIZES = (process.env.BENCH_CLI_SIZES ?? '1000,100000').split(',').map(Number)
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 7)
const root = fileURLToPath(new URL('..', import.meta.url))

/** Wall time of one `node <entry> …` from spawn to exit, in ms (the process's whole life, as a user sees it). */
function timeCommand(entry: string, args: string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, [entry, ...args], { cwd: root, env: { ...process.env, ENROLL_FROM_SOURCE: '1', ENROLL_ACTOR: 'bench' }, encoding: 'utf8' })
  const elapsed = performance.now() - started
  if (result.status !== 0) throw new Error(`enroll ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  return elapsed
}

/** Median and p95 over RUNS, after one warm-up run (tsx's transform cache, the OS file cache). */
function measure(entry: string, args: (run: number) => string[]): { median: number; p95: number } {
  timeCommand(entry, args(-1))
  const samples = Array.from({ length: RUNS }, (_, run) => timeCommand(entry, args(run)))
  return { median: percentile(samples, 50), p95: percentile(samples, 95) }
}

export async function benchCli(): Promise<void> {
  console.log(`\n## CLI: \`enroll\` from spawn to exit, sources through tsx vs the bundle (median / p95 of ${RUNS} runs, ms)`)
  // The bundle is built into a folder of its own and run through a two-line starter, so an edit
  // to a source while the bench runs cannot send bin/enroll.js back to the sources unnoticed.
  mkdirSync(join(root, 'test/.tmp'), { recursive: true })
  const bundleDir = mkdtempSync(join(root, 'test/.tmp/bench-cli-'))
  await buildCli(bundleDir)
  const bundleStarter = join(bundleDir, 'run.mjs')
  writeFileSync(bundleStarter, `const { runCli } = await import(${JSON.stringify(pathToFileURL(join(bundleDir, 'enroll.mjs')).href)})\nprocess.exitCode = await runCli(process.argv.slice(2))\n`)
  const runners: Array<[string, string]> = [
    ['tsx (sources)', join(root, 'bin/enroll.js')],
    ['bundle', bundleStarter],
  ]
  const rows: Array<Array<string | number>> = []
  for (const size of SIZES) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-cli-'))
    try {
      const station = await openStation({ dataDir })
      await seedSyntheticRegister(station.store, size, null)
      await station.close()
      const code = syntheticPerson(Math.floor(size / 2)).code
      const commands: Array<[string, (run: number) => string[]]> = [
        ['--help', () => ['--help']],
        ['person list', () => ['--data', dataDir, 'person', 'list']],
        ['person edit', (run) => ['--data', dataDir, 'person', 'edit', code, '--department', `Bench ${run}`]],
      ]
      for (const [label, args] of commands) {
        const figures = runners.map(([, entry]) => measure(entry, args))
        rows.push([`${size.toLocaleString('en')}: ${label}`, ...figures.flatMap((f) => [ms(f.median), ms(f.p95)])])
        // each figure as soon as it is measured: the 100,000 rows take minutes
        console.log(`  ${rows.at(-1)!.join('  ')}`)
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  rmSync(bundleDir, { recursive: true, force: true })
  console.log(table(['persons: command', ...runners.flatMap(([name]) => [`${name} median`, `${name} p95`])], rows))
  const checkStarted = performance.now()
  for (let i = 0; i < 20; i++) bundleState(root)
  console.log(`bin/enroll.js's check that out/cli is up to date adds ${ms((performance.now() - checkStarted) / 20)} ms to the bundle's figures`)
  console.log('goal: a command on a small register answers in well under 500 ms from the bundle')
}
