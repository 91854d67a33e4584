// The import graph between the top-level folders, read from the source itself (every import,
// export … from, import type and import(), as TypeScript's own pre-parser finds them): no cycle
// between any two top-level folders (the app's common, main, preload, renderer and the tooling's
// test, bench, scripts, bin, assets alike), none of the app's reaches the tooling, the renderer
// never reaches main/ or preload/, and common/ reaches nothing of ours. The tooling is layered:
// scripts/ (builds, fixture makers) below test/ (harnesses, simulators, helpers) below bench/.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('../..', import.meta.url))
const APP_FOLDERS = ['common', 'main', 'preload', 'renderer']
const TOOLING_FOLDERS = ['test', 'bench', 'scripts']
/** Build output and installed packages are not ours to walk. */
const NOT_SOURCE = new Set(['node_modules', 'out', 'dist', 'release'])
/** Every top-level folder of the repository, so a new one is in the graph the day it appears. */
const FOLDERS = readdirSync(root).filter((name) => !name.startsWith('.') && !NOT_SOURCE.has(name) && statSync(join(root, name)).isDirectory())
const SOURCE = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/

function sourceFiles(dir: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path))
    else if (SOURCE.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) found.push(path)
  }
  return found
}

/** One edge per import that leaves its top-level folder: [from folder, to folder, file, specifier]. */
function crossingImports(): Array<{ from: string; to: string; file: string; specifier: string }> {
  const edges = []
  for (const folder of FOLDERS) {
    for (const file of sourceFiles(join(root, folder))) {
      // test fixtures are data (sample files, lint fixtures), not part of the program
      if (relative(root, file).startsWith('test/fixtures/')) continue
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      for (const { fileName: specifier } of importedFiles) {
        if (!specifier.startsWith('.')) continue
        const target = relative(root, resolve(dirname(file), specifier)).split('\\').join('/')
        const to = target.split('/')[0]
        if (to !== folder && FOLDERS.includes(to)) edges.push({ from: folder, to, file: relative(root, file), specifier })
      }
    }
  }
  return edges
}

/** Folder cycles, each as the path that closes it ('main → preload → main'). */
function folderCycles(edges: Array<{ from: string; to: string }>): string[] {
  const next = new Map<string, Set<string>>()
  for (const { from, to } of edges) next.set(from, (next.get(from) ?? new Set()).add(to))
  const cycles: string[] = []
  const walk = (path: string[]) => {
    for (const to of next.get(path.at(-1)!) ?? []) {
      if (to === path[0]) cycles.push([...path, to].join(' → '))
      else if (!path.includes(to) && to > path[0]) walk([...path, to])
    }
  }
  for (const folder of FOLDERS) walk([folder])
  return cycles
}

const edges = crossingImports()

test('the walk sees the imports between folders (main → common, renderer → common, test → main)', () => {
  const pairs = new Set(edges.map(({ from, to }) => `${from} → ${to}`))
  for (const pair of ['main → common', 'renderer → common', 'preload → common', 'test → main']) assert.ok(pairs.has(pair), `no ${pair} import found`)
})

test('the walk covers every top-level folder with source, the tooling included', () => {
  for (const folder of [...APP_FOLDERS, ...TOOLING_FOLDERS, 'bin']) assert.ok(FOLDERS.includes(folder), `${folder}/ is not walked`)
})

test('no cycle between any two top-level folders (test, bench and scripts included)', () => {
  assert.deepEqual(folderCycles(edges), [])
})

test('the tooling is layered: scripts/ imports neither test/ nor bench/, test/ does not import bench/', () => {
  const upward = edges.filter(({ from, to }) => (from === 'scripts' && (to === 'test' || to === 'bench')) || (from === 'test' && to === 'bench'))
  assert.deepEqual(upward.map(({ file, specifier }) => `${file}: ${specifier}`), [])
})

test('no cycle between the app folders, and no app folder imports the tooling', () => {
  assert.deepEqual(folderCycles(edges.filter(({ from, to }) => APP_FOLDERS.includes(from) && APP_FOLDERS.includes(to))), [])
  const intoTooling = edges.filter(({ from, to }) => APP_FOLDERS.includes(from) && TOOLING_FOLDERS.includes(to))
  assert.deepEqual(intoTooling.map(({ file, specifier }) => `${file}: ${specifier}`), [])
})

test('the cycle finder finds a folder cycle when there is one', () => {
  assert.deepEqual(folderCycles([{ from: 'main', to: 'common' }, { from: 'common', to: 'renderer' }, { from: 'renderer', to: 'main' }]), ['common → renderer → main → common'])
})

test('renderer/ imports neither main/ nor preload/; common/ imports nothing of ours outside itself', () => {
  const wrong = edges.filter(({ from, to }) => (from === 'renderer' && (to === 'main' || to === 'preload')) || from === 'common')
  assert.deepEqual(wrong.map(({ file, specifier }) => `${file}: ${specifier}`), [])
})
