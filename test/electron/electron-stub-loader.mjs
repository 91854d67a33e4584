// Module hook: `import … from 'electron'` gets electron-stub.ts (the real package only exports
// the path of a binary that is not installed here).
const stub = new URL('./electron-stub.ts', import.meta.url).href

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true }
  return next(specifier, context)
}
