import { z } from 'zod'

/**
 * One channel of the contract: its input schema (checked on the core's side of every call) and,
 * as a type only, its result. `channel<Result>()(InputSchema)`.
 */
export function channel<Result>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result })
}

/** An id in a channel's input: required, surrounding spaces dropped. */
export const id = z.string().trim().min(1, 'is required')
/** A record's version, for refusing a save over someone else's newer one. */
export const version = z.int().positive()
