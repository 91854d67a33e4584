export const BUNDLE_PATH: string
export const BUNDLE_INPUTS_PATH: string
/** 'absent' (never built), 'stale' (a source changed since the build) or 'fresh'. */
export function bundleState(root: string): 'absent' | 'stale' | 'fresh'
