/**
 * Groups screen → "Back ends": one group's remote ids on every configured back end, saved through
 * target.mapGroup (the same mapping Settings shows per back end). enroll serve, headless Chromium.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { field, navigateTo, stationForSuite } from './ui-harness'

describe('Groups: a group mapped to each back end (enroll serve, headless Chromium)', () => {
  const suite = stationForSuite({
    async seed(call) {
      await call('group.add', { id: 'lobby', name: 'Lobby' })
      // nothing listens on port 9: mapping needs no back end to be up
      await call('target.add', { name: 'Gate A', kind: 'sophon', baseUrl: 'http://127.0.0.1:9', settings: {}, secrets: {} })
      await call('target.add', { name: 'Tower cloud', kind: 'tuya', baseUrl: 'http://127.0.0.1:9', settings: { clientId: 'client-1', projectId: 'p1' }, secrets: { clientSecret: 'secret' } })
    },
  })

  test('remote ids typed per back end are stored on each target; a bad one is refused next to its field and nothing of it stored', async () => {
    const { page, station } = suite
    await navigateTo(page, 'Groups')
    await page.getByRole('button', { name: 'Remote ids of Lobby on each back end' }).click()
    const dialog = page.getByRole('dialog', { name: 'Lobby on the back ends' })
    await field(dialog, 'Remote ids on Gate A').fill('lobby-faces, vip-faces，lobby-faces')
    await field(dialog, 'Remote ids on Tower cloud').fill('x'.repeat(129))
    await field(dialog, 'Remote ids on Gate A').press('Enter')
    await dialog.getByText('at most 128 characters').waitFor()

    const afterRefusal = await station.invoke('target.list', {})
    const byName = (name: string) => afterRefusal.find((target) => target.name === name)!
    assert.deepEqual(byName('Gate A').mapping.groups.lobby, ['lobby-faces', 'vip-faces'], 'the back end before the refused one is kept')
    assert.equal(byName('Tower cloud').mapping.groups.lobby, undefined, 'nothing stored for the refused one')

    await field(dialog, 'Remote ids on Tower cloud').fill('room-3F')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    const saved = await station.invoke('target.list', {})
    assert.deepEqual(saved.find((target) => target.name === 'Tower cloud')!.mapping.groups.lobby, ['room-3F'])

    // reopened, it shows what is stored
    await page.getByRole('button', { name: 'Remote ids of Lobby on each back end' }).click()
    assert.equal(await field(dialog, 'Remote ids on Gate A').inputValue(), 'lobby-faces, vip-faces')
    await page.keyboard.press('Escape')
  })
})
