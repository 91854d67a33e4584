#!/usr/bin/env node
// Bundles the `enroll` command (main/cli/main.ts and everything it imports from the repository)
// into one ES module, out/cli/enroll.mjs, so a command starts without compiling TypeScript
// (bin/enroll.js prefers it while it is newer than every source it was built from).
// Pure-JS packages are bundled too (resolving them costs more than running them); sharp, tfjs
// and face-api stay in node_modules (native or large), and sharp loads on its first use, so
// `enroll --help` or `person list` never pays for it.
// out/cli/inputs.json lists the sources, for bin/enroll.js's staleness check.
import { build } from 'esbuild'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Each source keeps its own import.meta.url: code that finds files beside itself
 * (`new URL('../../package.json', import.meta.url)`, the renderer build for `enroll serve`) finds
 * the same files from the bundle as from source.
 */
const sourceLocation = (outDir) => ({
  name: 'source-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined
      const contents = readFileSync(args.path, 'utf8')
      if (!contents.includes('import.meta.url')) return { contents, loader: 'ts' }
      const fromBundle = relative(outDir, args.path).split('\\').join('/')
      return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' }
    })
  },
})

/** Native or large packages: left in node_modules, loaded from there at run time. */
const EXTERNAL = ['sharp', '@tensorflow/*', '@vladmandic/*', 'pouchdb']

/**
 * `import sharp from 'sharp'` becomes a stand-in that requires the real sharp when it is first
 * called or read (sharp's native library takes a fifth of a second to load).
 */
const lazySharp = {
  name: 'lazy-sharp',
  setup(builder) {
    builder.onResolve({ filter: /^sharp$/ }, (args) => (args.namespace === 'lazy-sharp' ? { path: 'sharp', external: true } : { path: 'sharp', namespace: 'lazy-sharp' }))
    builder.onLoad({ filter: /.*/, namespace: 'lazy-sharp' }, () => ({
      resolveDir: root,
      loader: 'js',
      contents: `
        import { createRequire } from 'node:module'
        let real
        const load = () => (real ??= createRequire(import.meta.url)('sharp'))
        export default new Proxy(function sharp() {}, {
          apply: (_target, thisArg, args) => Reflect.apply(load(), thisArg, args),
          construct: (_target, args) => Reflect.construct(load(), args),
          get: (_target, key) => Reflect.get(load(), key),
          has: (_target, key) => Reflect.has(load(), key),
        })`,
    }))
  },
}

/** Builds outDir/enroll.mjs and outDir/inputs.json; returns how many sources went in. */
export async function buildCli(outDir = join(root, 'out/cli')) {
  const outFile = join(outDir, 'enroll.mjs')
  mkdirSync(dirname(outFile), { recursive: true })
  // a source saved while the build reads it is newer than this, so the bundle counts as stale
  const startedAt = Date.now()
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'main/cli/main.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // bundled CommonJS packages (iconv-lite, …) require Node's builtins
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [lazySharp, sourceLocation(outDir)],
  })
  // our own files only: packages change with package-lock.json, and 'lazy-sharp:sharp' is no file
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/') && !/^[\w-]+:/.test(input))
  writeFileSync(join(outDir, 'inputs.json'), `${JSON.stringify({ startedAt, inputs })}\n`)
  return inputs.length
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = await buildCli()
  console.log(`out/cli/enroll.mjs from ${count} sources`)
}
