/**
 * Input schemas of the target channels (the contract imports them). The rules proper (which
 * settings a kind needs, which secrets, which limits) are checked by the services behind them.
 */
import { z } from 'zod'
import { RemoteLinkSchema, TargetInputSchema, TargetPatchSchema } from './target-config'

const id = z.string().trim().min(1, 'is required')

/** Secret key → value as typed. Write-only: no channel ever returns one. */
const SecretsInputSchema = z.record(z.string().min(1).max(128), z.string().max(4096, 'at most 4096 characters'))

export const TargetAddInputSchema = TargetInputSchema.extend({ secrets: SecretsInputSchema.optional() }).strict()

export const TargetEditInputSchema = z
  .object({
    id,
    version: z.int().positive().optional(),
    patch: TargetPatchSchema,
    secrets: SecretsInputSchema.optional(),
  })
  .strict()

export const TargetMapGroupInputSchema = z
  .object({
    target: id,
    group: id,
    /** An empty list removes the group's mapping on this target. */
    remoteIds: z.array(z.string().trim().max(128, 'at most 128 characters')).max(64, 'at most 64 ids'),
  })
  .strict()

export const TargetIdInputSchema = z.object({ id }).strict()

/** A person's id on an update-only back end, typed by someone (null removes it: the person's code is used again). */
export const TargetLinkInputSchema = z
  .object({
    person: id,
    target: id,
    remoteId: RemoteLinkSchema.shape.remoteId.nullable(),
  })
  .strict()
