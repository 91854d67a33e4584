import type { Person, PhotoRef } from '../../common/model/person'
import type { Store } from '../../main/core/store/store'

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', 'Smith', 'Garcia', 'Müller', 'Tanaka']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', 'Anna', 'John', 'Mei', 'Yuki', 'Omar']

/** A realistic register row (all fields filled the way a busy site fills them). */
export function syntheticPerson(i: number): Person {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    code: `E${String(i).padStart(7, '0')}`,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i}`,
    type: i % 10 === 0 ? 'visitor' : i % 97 === 0 ? 'blacklist' : 'employee',
    gender: i % 2 ? 'male' : 'female',
    phone: `+86138${String(i).padStart(8, '0')}`,
    email: `person${i}@example.com`,
    certificate: null,
    company: 'Example Holdings',
    department: `Dept ${i % 40}`,
    position: 'Engineer',
    note: '',
    groups: [`g${i % 8}`],
    validFrom: null,
    validUntil: null,
    enabled: true,
    photo: {
      hash: (i.toString(16).padStart(8, '0') + 'a'.repeat(56)).slice(0, 64),
      width: 480,
      height: 600,
      bytes: 41_000,
      quality: 87,
      source: 'camera',
      capturedAt: at,
    },
    reason: i % 97 === 0 ? 'trespass' : '',
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
    version: 1,
    deletedAt: null,
  }
}

/**
 * Writes `size` synthetic persons and their eight groups straight through the store, a few
 * thousand per transaction: seconds for 100,000, where person.add would fsync each one.
 */
export async function seedSyntheticRegister(store: Store, size: number, photo?: PhotoRef | null): Promise<void> {
  await store.transact((tx) => {
    for (let g = 0; g < 8; g++) {
      const at = new Date().toISOString()
      tx.put('groups', `g${g}`, { id: `g${g}`, name: `Group ${g}`, description: '', createdAt: at, updatedAt: at, version: 1 })
    }
  })
  for (let start = 0; start < size; start += 5_000) {
    await store.transact((tx) => {
      for (let i = start; i < Math.min(size, start + 5_000); i++) {
        const person = photo === undefined ? syntheticPerson(i) : { ...syntheticPerson(i), photo }
        tx.put('persons', person.id, person)
      }
    })
  }
}
