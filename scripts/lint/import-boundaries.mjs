// ESLint rules for the folder boundaries of the station (see eslint.config.js for where each
// applies). Each boundary is its own rule, so one can be switched on or off without touching the
// others. An import is judged by where it lands: a relative path is resolved against the importing
// file and compared with folders of the repository; a bare name is a package (or a node: builtin).
import { dirname, relative, resolve } from 'node:path'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const nodeBuiltins = new Set(builtinModules)

/** What an import names: a repository path ('common/model/person') or a package ('electron'). */
function classify(specifier, importingFile) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = relative(repoRoot, resolve(dirname(importingFile), specifier)).split('\\').join('/')
    return { kind: 'repo', path: target }
  }
  if (specifier.startsWith('node:') || nodeBuiltins.has(specifier.split('/')[0])) return { kind: 'node', name: specifier }
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  return { kind: 'package', name }
}

/** True when repoPath is the folder (ending in '/') or the file named by entry, or inside it. */
function inside(repoPath, entry) {
  if (entry.endsWith('/')) return repoPath === entry.slice(0, -1) || repoPath.startsWith(entry)
  return repoPath === entry || repoPath.replace(/\.(ts|tsx|js|mjs)$/, '') === entry.replace(/\.(ts|tsx|js|mjs)$/, '')
}

/**
 * A boundary: `forbid` lists what the files it applies to must not import ('package:electron',
 * 'node:*' for every Node builtin, or repository folders ending in '/' and files); `allowOnly`
 * lists the only repository folders they may import (packages stay allowed).
 */
function boundaryRule({ description, forbid = [], allowOnly }) {
  return {
    meta: { type: 'problem', docs: { description }, schema: [], messages: { crossed: '{{what}}: {{why}}' } },
    create(context) {
      const check = (node, specifier) => {
        if (typeof specifier !== 'string') return
        const target = classify(specifier, context.filename)
        const broken =
          forbid.some((entry) =>
            entry === 'node:*' ? target.kind === 'node'
            : entry.startsWith('package:') ? target.kind === 'package' && target.name === entry.slice('package:'.length)
            : target.kind === 'repo' && inside(target.path, entry),
          ) ||
          (allowOnly !== undefined && target.kind === 'repo' && !allowOnly.some((entry) => inside(target.path, entry)))
        if (broken) context.report({ node, messageId: 'crossed', data: { what: `'${specifier}'`, why: description } })
      }
      const fromSource = (node) => node.source && check(node.source, node.source.value)
      return {
        ImportDeclaration: fromSource,
        ExportNamedDeclaration: fromSource,
        ExportAllDeclaration: fromSource,
        ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
        TSImportType: (node) => {
          const literal = node.argument?.literal ?? node.argument
          if (literal?.type === 'Literal') check(literal, literal.value)
        },
      }
    },
  }
}

export const importBoundaries = {
  meta: { name: 'station-import-boundaries' },
  rules: {
    'core-stays-plain': boundaryRule({
      description: 'main/core is plain TypeScript: it never imports electron, the Electron shell, the host, the CLI or the renderer',
      forbid: ['package:electron', 'main/electron/', 'main/host/', 'main/cli/', 'main/index.ts', 'renderer/'],
    }),
    'core-without-preload': boundaryRule({
      description: 'main/core does not import preload/ (the contract is in common/contract)',
      forbid: ['preload/'],
    }),
    'host-and-cli-without-electron': boundaryRule({
      description: 'the host and the CLI run in plain Node: no electron, no Electron shell',
      forbid: ['package:electron', 'main/electron/', 'main/index.ts'],
    }),
    'preload-reached-through-contract': boundaryRule({
      description: 'nothing imports preload/: the preload script runs only in Electron; the contract it speaks is common/contract',
      forbid: ['preload/'],
    }),
    'common-self-contained': boundaryRule({
      description: 'common/ is browser-safe and stands alone: it imports only itself and packages, no Node builtins',
      forbid: ['node:*'],
      allowOnly: ['common/'],
    }),
    'renderer-only-common': boundaryRule({
      description: 'the renderer imports only common/ and itself (and packages); node-only code stays out of the page',
      forbid: ['node:*'],
      allowOnly: ['renderer/', 'common/'],
    }),
  },
}
