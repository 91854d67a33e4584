import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { field, navigateTo, pageProblems, stationForSuite, type StationUnderTest } from './ui-harness'

const DAY = 24 * 60 * 60 * 1000
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

describe('Blacklist by fields and visitor retention in the page (real station, headless Chromium)', () => {
  const suite = stationForSuite({
    async seed(call) {
      await call('person.add', { name: '王建国', type: 'blacklist', code: 'B0001', reason: 'Threatened the front desk', phone: '+86 139 1234 5678', certificate: { type: 'passport', number: 'E12345678' } })
      await call('person.add', { name: 'Long Gone', code: 'V-OLD', validFrom: daysAgo(40), validUntil: daysAgo(39) })
    },
  })
  let station: StationUnderTest
  let page: Page
  before(() => ({ station, page } = suite))

  test('typing a blacklisted phone on the Enroll screen raises the loud alert before Save; a shared name only a hint', async () => {
    await field(page, 'Name').fill('Tom')
    await field(page, 'Phone').fill('139 1234 5678')
    const alert = page.getByTestId('field-match-warnings')
    await alert.getByText('Blacklist match by phone: 王建国 (B0001)').waitFor()
    assert.equal(await alert.locator('.match--blacklist').count(), 1)

    await field(page, 'Phone').fill('')
    await field(page, 'Name').fill('汪健国')
    await alert.getByText(/Possible blacklist match, same pinyin only: 王建国 \(B0001\)/).waitFor()
    assert.equal(await alert.locator('.match--blacklist').count(), 0, 'a name alone is not the loud alert')
    await page.keyboard.press('Escape')
    await alert.waitFor({ state: 'detached' })
  })

  test('security sees the entry’s certificate number and phone on its card and edits them', async () => {
    await navigateTo(page, 'Blacklist')
    assert.match(await page.getByTestId('blacklist-ids').innerText(), /Passport E12345678 · \+8613912345678/)
    await page.getByRole('button', { name: 'Edit 王建国' }).click()
    const dialog = page.getByRole('dialog')
    await field(dialog, 'Phone').fill('135 0013 5000')
    await dialog.getByRole('button', { name: /^Save/ }).click()
    await page.getByText('Saved 王建国').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('blacklist-ids').getByText(/\+8613500135000/).waitFor()
  })

  test('a visitor edited to the blacklisted phone in their detail raises the alert on save', async () => {
    await navigateTo(page, 'Persons')
    await page.getByRole('button', { name: 'Long Gone' }).click()
    const dialog = page.getByRole('dialog')
    await field(dialog, 'Phone').fill('13500135000')
    await dialog.getByRole('button', { name: /^Save/ }).click()
    await page.getByText('Blacklist match by phone: 王建国 (B0001)').waitFor()
    await page.keyboard.press('Escape')
  })

  test('Settings: how long visitors are kept, and who a purge would remove now', async () => {
    await navigateTo(page, 'Settings')
    const section = page.getByRole('region', { name: 'Visitor data retention' })
    assert.equal(await field(section, 'Days after the visit').inputValue(), '30')
    await section.getByRole('button', { name: 'Who would be purged now?' }).click()
    const preview = section.getByTestId('retention-preview')
    await preview.getByText('1 visitor would be purged').waitFor()
    assert.match(await preview.innerText(), /Long Gone/)
    assert.ok((await station.invoke('person.list', { type: 'visitor' })).items.some((p) => p.code === 'V-OLD'), 'a check changes nothing')

    await field(section, 'Days after the visit').fill('60')
    await section.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Retention saved').waitFor()
    assert.equal((await station.invoke('settings.get', {})).retention.visitorDays, 60)
    assert.deepEqual(pageProblems(page), [])
  })
})
