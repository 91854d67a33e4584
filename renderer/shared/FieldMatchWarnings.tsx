import type { FieldMatch } from '../../common/persons/field-match'
import { useT } from '../i18n'
import { MatchRow } from './MatchRow'

/**
 * Before Save: blacklist entries whose certificate number or phone is the one typed (loud, like a
 * face match on the blacklist), or whose name is the same or sounds the same (a hint to check the
 * visitor's certificate). The reason shows only to roles allowed to read it (the core blanks it).
 */
export function FieldMatchWarnings({ matches }: { matches: readonly FieldMatch[] }) {
  const { t } = useT()
  if (matches.length === 0) return null
  return (
    <div className="match-warnings" role="alert" data-testid="field-match-warnings">
      {matches.map((match) => {
        const words = { name: match.name, code: match.code, fields: match.matched.map((field) => t(`fieldMatch.field.${field}`)).join(t('fieldMatch.separator')) }
        const strong = match.strength === 'strong'
        return (
          <MatchRow
            key={match.personId}
            personId={match.personId}
            name={match.name}
            photoHash={match.photoHash}
            loud={strong}
            title={strong ? t('fieldMatch.strong', words) : t('fieldMatch.weak', words)}
            detail={match.reason}
          />
        )
      })}
    </div>
  )
}
