import assert from 'node:assert/strict'
import sharp from 'sharp'
import { createConnector } from '../../main/core/connectors'
import type { MappingInput } from '../../main/core/connectors/mapping'
import { ConnectorFailure, type Connector, type ConnectorOptions, type FailureKind, type TargetKind } from '../../main/core/connectors/types'
import type { Person } from '../../common/model/person'
import type { Simulator } from '../simulators'

const NOW = '2025-03-01T08:00:00.000Z'

export function makePerson(overrides: Partial<Person> = {}): Person {
  return {
    id: 'p-0001',
    code: 'E1001',
    name: '张三',
    type: 'employee',
    gender: 'male',
    phone: '+8613800138000',
    email: 'zhang.san@example.com',
    certificate: null,
    company: 'Acme',
    department: 'R&D',
    position: 'Engineer',
    note: '',
    groups: [],
    validFrom: null,
    validUntil: null,
    enabled: true,
    photo: null,
    reason: '',
    createdAt: NOW,
    createdBy: 'test',
    updatedAt: NOW,
    updatedBy: 'test',
    version: 1,
    deletedAt: null,
    ...overrides,
  }
}

/**
 * A real JPEG. `noise` fills it with random pixels so it compresses badly: that is how a test
 * gets a photo of a given size without shipping one.
 */
export async function makeJpeg(width = 480, height = 640, options: { noise?: boolean; quality?: number } = {}): Promise<Buffer> {
  const channels = 3
  const pixels = Buffer.alloc(width * height * channels)
  let seed = 12345
  for (let i = 0; i < pixels.length; i++) {
    if (options.noise) {
      seed = (seed * 1103515245 + 12345) >>> 0
      pixels[i] = seed >>> 24
    } else {
      const x = Math.floor(i / channels) % width
      const y = Math.floor(i / channels / width)
      pixels[i] = (x * 255) / width + ((y * 64) / height) * (i % channels)
    }
  }
  return sharp(pixels, { raw: { width, height, channels } }).jpeg({ quality: options.quality ?? 85 }).toBuffer()
}

export function connectorFor(
  sim: Simulator,
  kind: TargetKind,
  extra: { settings?: Record<string, unknown>; secrets?: Record<string, string>; mapping?: MappingInput; options?: ConnectorOptions } = {},
): Connector {
  const credentials = sim.credentials
  return createConnector(
    {
      kind,
      baseUrl: credentials.baseUrl,
      settings: { ...credentials.settings, ...extra.settings },
      mapping: { types: {}, groups: {}, genders: {}, certificateTypes: {}, phone: {}, ...extra.mapping },
    },
    { ...credentials.secrets, ...extra.secrets },
    { timeoutMs: 2000, ...extra.options },
  )
}

/** Awaits a rejection and checks it is a ConnectorFailure of this kind; returns it for more checks. */
export async function failure(promise: Promise<unknown>, kind: FailureKind): Promise<ConnectorFailure> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof ConnectorFailure, `expected a ConnectorFailure, got ${String(error)}`)
    assert.equal(error.kind, kind, `expected a ${kind} failure, got ${error.kind}: ${error.message}`)
    return error
  }
  assert.fail(`expected a ${kind} failure, but the call succeeded`)
}
