import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { codedResolver } from '../shared/form-resolver'
import { GroupPatchSchema } from '../../common/model/group'
import { useT } from '../i18n'
import { useStation } from '../store'
import { getBridge } from '../store/bridge-holder'
import { Dialog } from '../shared/Dialog'
import { Field } from '../shared/Field'
import { showCoreErrors } from '../shared/errors'
import { submitOnEnter } from '../shared/keyboard'
import type { GroupWithMembers } from './groups-slice'

export function EditGroupDialog({ group, onClose }: { group: GroupWithMembers; onClose(): void }) {
  const { t } = useT()
  const notify = useStation((state) => state.notify)
  const [banner, setBanner] = useState<string | null>(null)
  const form = useForm<{ name: string; description: string }>({
    resolver: codedResolver(GroupPatchSchema.required()),
    defaultValues: { name: group.name, description: group.description },
  })
  const save = form.handleSubmit(async (patch) => {
    try {
      const saved = await getBridge().invoke('group.edit', { id: group.id, patch })
      notify('success', t('groups.saved', { name: saved.name }))
      onClose()
    } catch (error) {
      const rest = showCoreErrors(error, ['name', 'description'], form.setError)
      if (rest) setBanner(rest)
    }
  })
  const errors = form.formState.errors
  return (
    <Dialog title={t('groups.renameNamed', { name: group.name })} onClose={onClose}>
      <form noValidate onSubmit={save} onKeyDown={submitOnEnter} className="stack">
        {banner && <p className="banner banner--error">{banner}</p>}
        <Field label={t('groups.name')} required error={errors.name?.message && errors.name.message}>
          {(control) => <input {...control} {...form.register('name')} className="input" autoFocus />}
        </Field>
        <Field label={t('groups.description')} error={errors.description?.message && errors.description.message}>
          {(control) => <input {...control} {...form.register('description')} className="input" />}
        </Field>
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
