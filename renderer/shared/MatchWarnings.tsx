import { useT } from '../i18n'
import { MatchRow } from './MatchRow'
import type { PhotoDraft } from './photo-draft'
import './match-warnings.css'

/**
 * Before Save: what the register match found for the captured face (the capture view already
 * stopped on it; this keeps it in sight while the form is filled). A blacklist match is loud.
 */
export function MatchWarnings({ photo }: { photo: PhotoDraft | null }) {
  const { t } = useT()
  const matches = photo?.matches ?? []
  if (matches.length === 0) return null
  return (
    <div className="match-warnings" role="alert">
      {matches.map((match) => (
        <MatchRow
          key={match.personId}
          personId={match.personId}
          name={match.name}
          photoHash={match.photoHash}
          loud={match.blacklist}
          title={match.blacklist ? t('match.blacklist', { name: match.name }) : t('match.duplicate', { name: match.name, code: match.code })}
          detail={match.blacklist ? match.reason : undefined}
        />
      ))}
    </div>
  )
}
