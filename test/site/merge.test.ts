/**
 * The site's conflict rules on real document shapes: a desk's edits become per-field patches
 * (patchDoc), and two desks' revisions merge the same way whatever order they are given in.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { patchDoc, recordOf, siteRecord, stampOf, withDeskLocalFields, type RegisterDoc } from '../../main/core/site/documents'
import { mergeLeaves } from '../../main/core/site/merge'

const base = {
  id: 'p1',
  code: 'V1',
  name: 'Li Na',
  type: 'visitor',
  company: 'Acme',
  department: '',
  reason: '',
  groups: ['lobby'],
  deletedAt: null,
  updatedAt: '2026-12-01T08:00:00.000Z',
  updatedBy: 'alice',
  version: 1,
}

function created(): RegisterDoc {
  return { ...patchDoc(null, 'person', 'p1', { before: undefined, after: base }, stampOf(base.updatedAt, 'desk-a'), 'desk-a'), _rev: '1-aaa' }
}

function edited(doc: RegisterDoc, desk: string, at: string, change: Record<string, unknown>, rev: string): RegisterDoc {
  const before = recordOf(doc)!
  const after = { ...before, ...change, updatedAt: at, updatedBy: desk, version: Number(before.version) + 1 }
  return { ...patchDoc(doc, 'person', 'p1', { before, after }, stampOf(at, desk), desk), _rev: rev }
}

function both(a: RegisterDoc, b: RegisterDoc) {
  const one = mergeLeaves([a, b])
  const other = mergeLeaves([b, a])
  assert.deepEqual(one.doc, other.doc, 'the same merge whatever order the revisions come in')
  return { record: recordOf(one.doc), dropped: one.dropped }
}

describe('site conflict rules', () => {
  it('keeps the latest edit of each field, so edits of different fields both survive', () => {
    const doc = created()
    const a = edited(doc, 'desk-a', '2026-12-01T09:00:00.000Z', { company: 'Globex' }, '2-aaa')
    const b = edited(doc, 'desk-b', '2026-12-01T09:05:00.000Z', { department: 'Sales' }, '2-bbb')
    const { record } = both(a, b)
    assert.equal(record?.company, 'Globex')
    assert.equal(record?.department, 'Sales')
    const later = edited(doc, 'desk-b', '2026-12-01T09:10:00.000Z', { company: 'Initech' }, '2-ccc')
    assert.equal(both(a, later).record?.company, 'Initech', 'the same field: the later edit wins')
  })

  it('lets a blacklist entry win over any other type, even an older one', () => {
    const doc = created()
    const banned = edited(doc, 'desk-c', '2026-12-01T09:00:00.000Z', { type: 'blacklist', reason: 'Threatened staff' }, '2-aaa')
    const vip = edited(doc, 'desk-a', '2026-12-01T10:00:00.000Z', { type: 'vip' }, '2-bbb')
    const { record } = both(banned, vip)
    assert.equal(record?.type, 'blacklist')
    assert.equal(record?.reason, 'Threatened staff')
  })

  it('merges group sets: an addition on one desk and a removal on another both hold', () => {
    const doc = created()
    const a = edited(doc, 'desk-a', '2026-12-01T09:00:00.000Z', { groups: ['lobby', 'garage'] }, '2-aaa')
    const b = edited(doc, 'desk-b', '2026-12-01T09:01:00.000Z', { groups: [] }, '2-bbb')
    assert.deepEqual(both(a, b).record?.groups, ['garage'])
  })

  it('keeps a person deleted on one desk and edited on another in the bin, and reports the edit', () => {
    const doc = created()
    const deleted = edited(doc, 'desk-a', '2026-12-01T09:00:00.000Z', { deletedAt: '2026-12-01T09:00:00.000Z' }, '2-aaa')
    const renamed = edited(doc, 'desk-b', '2026-12-01T09:30:00.000Z', { name: 'Li Na (new)' }, '2-bbb')
    const { record, dropped } = both(deleted, renamed)
    assert.equal(record?.deletedAt, '2026-12-01T09:00:00.000Z')
    assert.deepEqual(dropped, [{ desk: 'desk-b', fields: { name: 'Li Na (new)' } }])
  })

  it('keeps a purge whatever the other side did', () => {
    const doc = created()
    const purged = { ...patchDoc(doc, 'person', 'p1', { before: recordOf(doc)!, after: undefined }, stampOf('2026-12-01T09:00:00.000Z', 'desk-a'), 'desk-a'), _rev: '2-aaa' }
    const renamed = edited(doc, 'desk-b', '2026-12-01T09:30:00.000Z', { name: 'Li Na (new)' }, '2-bbb')
    assert.equal(both(purged, renamed).record, null)
  })

  it('writes only the fields a desk changed, over a document another desk changed meanwhile', () => {
    const doc = created()
    const remote = edited(doc, 'desk-b', '2026-12-01T09:00:00.000Z', { company: 'Globex' }, '2-bbb')
    // desk A still holds the record as created and edits another field
    const before = recordOf(doc)!
    const local = patchDoc(remote, 'person', 'p1', { before, after: { ...before, name: 'Li Na Wang', updatedAt: '2026-12-01T09:01:00.000Z' } }, stampOf('2026-12-01T09:01:00.000Z', 'desk-a'), 'desk-a')
    assert.equal(recordOf(local)?.company, 'Globex')
    assert.equal(recordOf(local)?.name, 'Li Na Wang')
  })

  it('a purge against an edit made apart: removed, and neither revision nor the merge keeps a field or its value', () => {
    const doc = created()
    const purged = { ...patchDoc(doc, 'person', 'p1', { before: recordOf(doc)!, after: undefined }, stampOf('2026-12-01T09:00:00.000Z', 'desk-a'), 'desk-a'), _rev: '2-aaa' }
    assert.deepEqual(Object.keys(purged.record).sort(), ['id', 'version'])
    assert.deepEqual(purged.fieldAt, {})
    const renamed = edited(doc, 'desk-b', '2026-12-01T09:05:00.000Z', { name: 'Li Na (new)' }, '2-bbb')
    const merged = mergeLeaves([purged, renamed])
    assert.ok(merged.doc.removedAt)
    assert.equal(JSON.stringify(merged.doc).includes('Li Na'), false, 'the merge keeps no value')
    assert.deepEqual(merged.dropped, [{ desk: 'desk-b', fields: { name: null } }], 'the audit learns which field was overridden, not its value')
  })

  it('operators: a disable wins over an enable made apart; edits of other fields both survive', () => {
    const account = { id: 'o1', name: 'Rita', role: 'reception', disabled: true, updatedAt: '2026-12-01T08:00:00.000Z', version: 1 }
    const doc = { ...patchDoc(null, 'operator', 'o1', { before: undefined, after: account }, stampOf(account.updatedAt, 'desk-a'), 'desk-a'), _rev: '1-aaa' }
    const change = (desk: string, at: string, fields: Record<string, unknown>, rev: string): RegisterDoc => {
      const before = recordOf(doc)!
      return { ...patchDoc(doc, 'operator', 'o1', { before, after: { ...before, ...fields, updatedAt: at } }, stampOf(at, desk), desk), _rev: rev }
    }
    // B enables later by its clock, A keeps it disabled and changes the role: still disabled
    const enabled = change('desk-b', '2026-12-01T09:10:00.000Z', { disabled: false }, '2-bbb')
    const reRoled = change('desk-a', '2026-12-01T09:00:00.000Z', { role: 'security' }, '2-aaa')
    const { record } = both(enabled, reRoled)
    assert.equal(record?.disabled, true)
    assert.equal(record?.role, 'security')
    // with no conflict, an enable is an ordinary edit
    assert.equal(recordOf(enabled)?.disabled, false)
  })

  it('back ends: each group mapping and each setting is a field of its own; the latest per group wins, mappings made apart both stand', () => {
    const gates = {
      id: 'gates',
      name: 'Gates',
      kind: 'sophon',
      baseUrl: 'http://10.0.0.5:8080',
      settings: { syncRatePerSecond: 5, headerNames: ['X-Key'] },
      mapping: { types: {}, groups: { lobby: ['p-1'], night: ['p-9'] } as Record<string, string[]>, genders: {}, certificateTypes: {}, phone: {} },
      enabled: true,
      paused: false,
      expiryAction: 'disable',
      createdAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-12-01T08:00:00.000Z',
      version: 1,
    }
    const doc = { ...patchDoc(null, 'target', 'gates', { before: undefined, after: siteRecord('target', gates) }, stampOf(gates.updatedAt, 'desk-a'), 'desk-a'), _rev: '1-aaa' }
    const change = (desk: string, at: string, next: (target: typeof gates) => typeof gates, rev: string): RegisterDoc => {
      const before = withDeskLocalFields('target', recordOf(doc)!, undefined) as typeof gates
      const after = { ...next(structuredClone(before)), updatedAt: at }
      return { ...patchDoc(doc, 'target', 'gates', { before: siteRecord('target', before), after: siteRecord('target', after) }, stampOf(at, desk), desk), _rev: rev }
    }
    // A (later) maps the hall, remaps the night group and raises the rate; B (earlier) remaps the
    // lobby, unmaps the night group, adds a header and pauses
    const atA = change(
      'desk-a',
      '2026-12-01T09:10:00.000Z',
      (t) => ({ ...t, settings: { ...t.settings, syncRatePerSecond: 7 }, mapping: { ...t.mapping, groups: { ...t.mapping.groups, hall: ['p-3'], night: ['p-8'] } } }),
      '2-aaa',
    )
    const atB = change(
      'desk-b',
      '2026-12-01T09:00:00.000Z',
      (t) => ({ ...t, paused: true, settings: { ...t.settings, headerNames: ['X-Key', 'X-Two'] }, mapping: { ...t.mapping, groups: { lobby: ['p-4'] } } }),
      '2-bbb',
    )
    const merged = withDeskLocalFields('target', both(atA, atB).record!, undefined) as typeof gates
    assert.deepEqual(merged.mapping.groups, { lobby: ['p-4'], hall: ['p-3'], night: ['p-8'] }, 'each group: its latest mapping')
    assert.equal(merged.paused, true)
    assert.deepEqual(merged.settings, { syncRatePerSecond: 7, headerNames: ['X-Key', 'X-Two'] }, 'each setting: its latest value')
    assert.equal(merged.baseUrl, gates.baseUrl)
    // a group unmapped later than the other desk's edit of another group stays unmapped
    const unmapped = change('desk-b', '2026-12-01T09:20:00.000Z', (t) => ({ ...t, mapping: { ...t.mapping, groups: { lobby: ['p-1'] } } }), '2-ccc')
    const groups = (withDeskLocalFields('target', both(atA, unmapped).record!, undefined) as typeof gates).mapping.groups
    assert.deepEqual(groups, { lobby: ['p-1'], hall: ['p-3'] })
  })

  it('a back end or group added again under the id of one the site removed starts afresh; a purged person stays removed', () => {
    const removed = (kind: 'target' | 'group' | 'person', id: string): RegisterDoc => {
      const first = { ...patchDoc(null, kind, id, { before: undefined, after: { id, name: 'Old', updatedAt: '2026-12-01T08:00:00.000Z' } }, stampOf('2026-12-01T08:00:00.000Z', 'desk-a'), 'desk-a'), _rev: '1-aaa' }
      return { ...patchDoc(first, kind, id, { before: recordOf(first)!, after: undefined }, stampOf('2026-12-01T09:00:00.000Z', 'desk-a'), 'desk-a'), _rev: '2-aaa' }
    }
    const again = (doc: RegisterDoc, kind: 'target' | 'group' | 'person') =>
      patchDoc(doc, kind, String(doc.record.id), { before: undefined, after: { id: doc.record.id, name: 'New', updatedAt: '2026-12-02T08:00:00.000Z' } }, stampOf('2026-12-02T08:00:00.000Z', 'desk-b'), 'desk-b')
    for (const kind of ['target', 'group'] as const) {
      const readded = again(removed(kind, 'x'), kind)
      assert.equal(readded.removedAt, null, kind)
      assert.equal(readded._rev, '2-aaa', `${kind}: written over the removal`)
      assert.equal(recordOf(readded)?.name, 'New', kind)
    }
    assert.ok(again(removed('person', 'p9'), 'person').removedAt, 'a purge is never undone')
  })
})
