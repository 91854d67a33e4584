import type { FieldMatch } from '../../common/persons/field-match'
import { useT, type Translate } from '../i18n'
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
        return (
          <MatchRow
            key={match.personId}
            personId={match.personId}
            name={match.name}
            photoHash={match.photoHash}
            loud={match.strength === 'strong'}
            title={fieldMatchTitle(t, match)}
            detail={match.reason}
          />
        )
      })}
    </div>
  )
}

/** "Blacklist match by phone: 王建国 (B0001)", or the weaker hint for a name alone. */
export function fieldMatchTitle(t: Translate, match: FieldMatch): string {
  const words = { name: match.name, code: match.code, fields: match.matched.map((field) => t(`fieldMatch.field.${field}`)).join(t('fieldMatch.separator')) }
  return match.strength === 'strong' ? t('fieldMatch.strong', words) : t('fieldMatch.weak', words)
}
