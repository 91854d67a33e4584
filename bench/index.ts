// `npm run bench`: every benchmark of the project, printed side by side in one run.
// Pick some with BENCH=store,sync,face,faces,face-browser,ui,cli,site,site-failover (default: all that exist).
import { existsSync } from 'node:fs'

const wanted = process.env.BENCH?.split(',')
const suites: Array<[string, string, string]> = [
  ['store', './store.ts', 'benchStore'],
  ['sync', './sync.ts', 'benchSync'],
  ['face', './face.ts', 'benchFace'],
  ['faces', './face-library.ts', 'benchFaceLibrary'],
  ['face-browser', './face-browser.ts', 'benchFaceBrowser'],
  ['ui', './ui.ts', 'benchUi'],
  ['cli', './cli.ts', 'benchCli'],
  ['site', './site.ts', 'benchSite'],
  ['site-failover', './site-failover.ts', 'benchSiteFailover'],
]

console.log(`# Enrollment Station benchmarks — ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`)
for (const [name, file, exported] of suites) {
  if (wanted && !wanted.includes(name)) continue
  if (!existsSync(new URL(file, import.meta.url))) {
    console.log(`\n## ${name}: not built yet (${file} missing)`)
    continue
  }
  const module = await import(file)
  await module[exported]()
}
