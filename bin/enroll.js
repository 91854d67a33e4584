#!/usr/bin/env node
// The `enroll` command: runs the TypeScript core directly through tsx, so it works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../main/cli/main.ts')
process.exitCode = await runCli(process.argv.slice(2))
