import type { FieldMatch } from '../../common/persons/field-match'
import { useT } from '../i18n'
import { useStation } from '../store'
import { Avatar } from './Avatar'
import './match-warnings.css'

/**
 * Before Save: blacklist entries whose certificate number or phone is the one typed (loud, like a
 * face match on the blacklist), or whose name is the same or sounds the same (a hint to check the
 * visitor's certificate). The reason shows only to roles allowed to read it (the core blanks it).
 */
export function FieldMatchWarnings({ matches }: { matches: readonly FieldMatch[] }) {
  const { t } = useT()
  const openPerson = useStation((state) => state.openPerson)
  if (matches.length === 0) return null
  return (
    <div className="match-warnings" role="alert" data-testid="field-match-warnings">
      {matches.map((match) => {
        const fields = match.matched.map((field) => t(`fieldMatch.field.${field}`)).join(t('fieldMatch.separator'))
        return (
          <div key={match.personId} className={`match ${match.strength === 'strong' ? 'match--blacklist' : 'match--duplicate'}`}>
            <Avatar name={match.name} hash={match.photoHash} size={44} />
            <div className="match__text">
              <strong>
                {match.strength === 'strong'
                  ? t('fieldMatch.strong', { name: match.name, code: match.code, fields })
                  : t('fieldMatch.weak', { name: match.name, code: match.code, fields })}
              </strong>
              {match.reason && <span>{match.reason}</span>}
            </div>
            <button type="button" className="button button--small" onClick={() => openPerson(match.personId)}>
              {t('match.open')}
            </button>
          </div>
        )
      })}
    </div>
  )
}
