import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { Person } from '../../common/model/person'
import { ensureFaceFixtures } from '../../scripts/make-face-fixtures'
import { field, fieldMessage, pageProblems, stationForSuite, type StationUnderTest } from './ui-harness'

describe('Enroll screen (real station, headless Chromium)', () => {
  const suite = stationForSuite({
    async seed(call) {
      await call('group.add', { name: 'Lobby doors', id: 'lobby' })
      await call('group.add', { name: 'Lab 3', id: 'lab3' })
    },
  })
  let station: StationUnderTest
  let page: Page
  before(() => ({ station, page } = suite))

  const persons = async () => (await station.invoke('person.list', { limit: 1000 })).items

  test('enrolls a visitor from the form with the keyboard and shows them in Persons', async () => {
    const name = field(page, 'Name')
    await name.fill('Li Na')
    await field(page, 'Phone').fill('138 0013 8000')
    await field(page, 'Company').fill('Acme Trading')
    await page.getByRole('checkbox', { name: 'Lobby doors' }).check()
    // a single frontal face: the station refuses group photos like the raw demo pictures
    await page.locator('input[type=file]').setInputFiles((await ensureFaceFixtures()).faceA)
    await page.getByRole('img', { name: 'Portrait to be saved' }).waitFor()
    await field(page, 'Company').press('Enter')

    await page.getByText(/Saved Li Na \(V/).waitFor()
    assert.equal(await name.inputValue(), '', 'the next visitor starts with a clean form')
    assert.equal(await page.getByRole('checkbox', { name: 'Lobby doors' }).isChecked(), false)
    assert.equal(await page.getByRole('img', { name: 'Portrait to be saved' }).count(), 0, 'the photo is cleared too')

    const [saved] = (await persons()).filter((p) => p.name === 'Li Na')
    assert.ok(saved, 'saved in the register')
    assert.equal(saved.type, 'visitor')
    assert.equal(saved.phone, '+8613800138000')
    assert.deepEqual(saved.groups, ['lobby'])
    assert.equal(saved.company, 'Acme Trading')
    assert.ok(saved.photo, 'the photo went with the person')
    const until = new Date(saved.validUntil!)
    assert.equal(until.getHours(), 23, 'a visitor is valid until the end of the day')

    await page.getByRole('button', { name: /^Persons/ }).click()
    await page.getByLabel('Search persons').fill('li na')
    const row = page.getByRole('row').filter({ hasText: 'Li Na' })
    await row.waitFor()
    assert.match(await row.innerText(), /Visitor[\s\S]*\+8613800138000[\s\S]*Lobby doors[\s\S]*Active/)
    assert.equal(await row.locator('img').count(), 1, 'the thumbnail is shown')
    await page.getByRole('button', { name: /^Enroll/ }).click()
  })

  test('a bad field shows its message next to the field and nothing is saved', async () => {
    const before = (await persons()).length
    await field(page, 'Name').fill('Bad Phone')
    await field(page, 'Phone').fill('call me maybe')
    await page.getByRole('button', { name: /^Save/ }).click()
    await fieldMessage(page, 'Phone').waitFor()
    assert.match(await fieldMessage(page, 'Phone').innerText(), /use digits/)
    assert.equal(await field(page, 'Phone').getAttribute('aria-invalid'), 'true')

    // a rule only the core knows (employees need their work number) also lands on its field
    await field(page, 'Phone').fill('')
    await page.getByRole('radio', { name: 'Employee' }).check()
    await field(page, 'Name').press('Enter')
    await fieldMessage(page, 'Code').waitFor()
    assert.match(await fieldMessage(page, 'Code').innerText(), /required for employees/)

    assert.equal((await persons()).length, before, 'nothing was saved')
    // and as the command line sees the register on disk (read-only, so safe beside the server)
    const onDisk = station.cliJson<Person[]>('person', 'list', '--limit', '1000')
    assert.equal(onDisk.length, before)
    assert.equal(onDisk.filter((p) => p.name === 'Bad Phone').length, 0)
  })

  test('Esc clears the form for the next visitor', async () => {
    await field(page, 'Name').fill('Someone Else')
    await page.keyboard.press('Escape')
    assert.equal(await field(page, 'Name').inputValue(), '')
    assert.equal(await page.getByRole('radio', { name: 'Visitor' }).isChecked(), true)
    assert.equal(await fieldMessage(page, 'Code').count(), 0, 'old messages are gone')
    assert.deepEqual(pageProblems(page), [], 'no console errors on the way')
  })
})
