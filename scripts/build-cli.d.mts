/** Builds outDir/enroll.mjs (default out/cli) and outDir/inputs.json; returns how many sources went in. */
export function buildCli(outDir?: string): Promise<number>
