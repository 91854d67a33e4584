import { z } from 'zod'
import { MappingSchema } from './mapping'
import { schemaWording } from '../errors/core-error'

const isoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' })

/** A kind's shape; whether the station knows it is the core's check (its list of definitions). */
export const TargetKindSchema = z.string().trim().min(1, 'is required').regex(/^[a-z][a-z0-9-]{0,31}$/, schemaWording('field.kind_format'))

export const EXPIRY_ACTIONS = ['disable', 'delete'] as const

/**
 * One configured back end, as kept in the register (collection `targets`). Secrets are never
 * here: they live in the SecretVault under the target's id.
 */
export const TargetConfigSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'use 1–48 lower-case letters, digits, "_" or "-"'),
  name: z.string().trim().min(1, 'is required').max(64, 'at most 64 characters'),
  kind: TargetKindSchema,
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** Non-secret, per kind (see each connector's settings schema). */
  settings: z.record(z.string(), z.unknown()),
  mapping: MappingSchema,
  enabled: z.boolean(),
  /** Paused targets keep their queue but push nothing (the sync worker reads this). */
  paused: z.boolean(),
  /** What happens remotely when a visitor's validUntil passes. */
  expiryAction: z.enum(EXPIRY_ACTIONS),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.int().positive(),
})
export type TargetConfig = z.infer<typeof TargetConfigSchema>

export const TargetInputSchema = z
  .object({
    name: TargetConfigSchema.shape.name,
    kind: TargetConfigSchema.shape.kind,
    baseUrl: TargetConfigSchema.shape.baseUrl,
    settings: TargetConfigSchema.shape.settings.default({}),
    mapping: MappingSchema.default({ types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {} }),
    enabled: z.boolean().default(true),
    paused: z.boolean().default(false),
    expiryAction: TargetConfigSchema.shape.expiryAction.default('disable'),
  })
  .strict()
export type TargetInput = z.input<typeof TargetInputSchema>

export const TargetPatchSchema = z
  .object({
    name: TargetConfigSchema.shape.name.optional(),
    baseUrl: TargetConfigSchema.shape.baseUrl.optional(),
    settings: TargetConfigSchema.shape.settings.optional(),
    mapping: MappingSchema.optional(),
    enabled: z.boolean().optional(),
    paused: z.boolean().optional(),
    expiryAction: TargetConfigSchema.shape.expiryAction.optional(),
  })
  .strict()
export type TargetPatch = z.input<typeof TargetPatchSchema>

/**
 * The id a person has on a target (collection `remote_links`, key `${personId}:${targetId}`).
 * `linkedBy: 'user'` is an id someone typed for an update-only back end; 'push' is what a push returned.
 */
export const RemoteLinkSchema = z.object({
  personId: z.string().min(1),
  targetId: z.string().min(1),
  remoteId: z.string().trim().min(1, 'is required').max(128, 'at most 128 characters'),
  linkedBy: z.enum(['user', 'push']),
  updatedAt: isoDateTime,
})
export type RemoteLink = z.infer<typeof RemoteLinkSchema>

export function remoteLinkKey(personId: string, targetId: string): string {
  return `${personId}:${targetId}`
}
