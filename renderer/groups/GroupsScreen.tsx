import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { codedResolver } from '../shared/form-resolver'
import { GroupInputSchema } from '../../common/model/group'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Field } from '../shared/Field'
import { showCoreErrors } from '../shared/errors'
import { Icon } from '../shared/icons'
import type { GroupWithMembers } from './groups-slice'
import { DeleteGroupDialog } from './DeleteGroupDialog'
import { EditGroupDialog } from './EditGroupDialog'
import { GroupBackEndsDialog } from './GroupBackEndsDialog'
import './groups.css'

const NewGroupSchema = GroupInputSchema.pick({ name: true, description: true })

/** Permission groups: what a person may open. A group in use is never deleted silently. */
export function GroupsScreen() {
  const { t } = useT()
  const groups = useStation((state) => state.groups)
  const notify = useStation((state) => state.notify)
  const [editing, setEditing] = useState<GroupWithMembers | null>(null)
  const [deleting, setDeleting] = useState<GroupWithMembers | null>(null)
  const [mapping, setMapping] = useState<GroupWithMembers | null>(null)
  const [banner, setBanner] = useState<string | null>(null)
  const form = useForm<z.input<typeof NewGroupSchema>, unknown, z.output<typeof NewGroupSchema>>({ resolver: codedResolver(NewGroupSchema), defaultValues: { name: '', description: '' } })

  const add = form.handleSubmit(async (input) => {
    setBanner(null)
    try {
      const group = await getBridge().invoke('group.add', input)
      notify('success', t('groups.added', { name: group.name }))
      form.reset()
      form.setFocus('name')
    } catch (error) {
      const rest = showCoreErrors(error, ['name', 'description'], form.setError)
      if (rest) setBanner(rest)
    }
  })

  return (
    <div className="screen">
      <header className="screen__header">
        <div>
          <h1>{t('groups.title')}</h1>
          <p className="screen__sub">{t('groups.explain')}</p>
        </div>
      </header>
      <form className="card group-add" noValidate onSubmit={add} aria-label={t('groups.add')}>
        {banner && <p className="banner banner--error">{banner}</p>}
        <Field label={t('groups.name')} required error={form.formState.errors.name?.message && form.formState.errors.name.message}>
          {(control) => <input {...control} {...form.register('name')} className="input" autoComplete="off" />}
        </Field>
        <Field label={t('groups.description')} error={form.formState.errors.description?.message && form.formState.errors.description.message}>
          {(control) => <input {...control} {...form.register('description')} className="input" autoComplete="off" />}
        </Field>
        <button type="submit" className="button button--primary" disabled={form.formState.isSubmitting}>
          <Icon name="plus" size={18} /> {t('groups.add')}
        </button>
      </form>
      {groups.length === 0 ? (
        <p className="empty">{t('groups.noneYet')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('groups.name')}</th>
              <th scope="col">{t('groups.description')}</th>
              <th scope="col" className="num">
                {t('groups.members')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id} data-group-id={group.id}>
                <th scope="row">
                  {group.name}
                  <div className="cell__sub">{group.id}</div>
                </th>
                <td className="muted">{group.description}</td>
                <td className="num">{group.members.toLocaleString()}</td>
                <td className="row-actions-cell">
                  <div className="row-actions">
                  <button type="button" className="button button--small" onClick={() => setEditing(group)} aria-label={t('groups.renameNamed', { name: group.name })}>
                    <Icon name="edit" size={16} /> {t('groups.rename')}
                  </button>
                  <button type="button" className="button button--small" onClick={() => setMapping(group)} aria-label={t('groups.backEndsNamed', { name: group.name })}>
                    <Icon name="server" size={16} /> {t('groups.backEnds')}
                  </button>
                  <button type="button" className="button button--small button--danger-quiet" onClick={() => setDeleting(group)} aria-label={t('groups.deleteNamed', { name: group.name })}>
                    <Icon name="trash" size={16} /> {t('common.delete')}
                  </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <EditGroupDialog group={editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteGroupDialog group={deleting} onClose={() => setDeleting(null)} />}
      {mapping && <GroupBackEndsDialog group={mapping} onClose={() => setMapping(null)} />}
    </div>
  )
}
