/**
 * Imported first by main.tsx, before any module builds a schema: zod decides at schema
 * construction whether to compile fast parsers with `new Function`, probing for it once. Our
 * Content-Security-Policy has no 'unsafe-eval', so the probe fails anyway (zod falls back), but
 * the browser still reports a `securitypolicyviolation` for it. Jitless skips the probe; parsing
 * speed is the same as what the policy leaves us.
 */
import { z } from 'zod'

z.config({ jitless: true })
