import { useT } from '../i18n'
import { useStation } from '../store'
import { Avatar } from './Avatar'
import type { PhotoDraft } from './photo-draft'
import './match-warnings.css'

/**
 * Before Save: what the register match found for the captured face (the capture view already
 * stopped on it; this keeps it in sight while the form is filled). A blacklist match is loud.
 */
export function MatchWarnings({ photo }: { photo: PhotoDraft | null }) {
  const { t } = useT()
  const openPerson = useStation((state) => state.openPerson)
  const matches = photo?.matches ?? []
  if (matches.length === 0) return null
  return (
    <div className="match-warnings" role="alert">
      {matches.map((match) => (
        <div key={match.personId} className={`match ${match.blacklist ? 'match--blacklist' : 'match--duplicate'}`}>
          <Avatar name={match.name} hash={match.photoHash} size={44} />
          <div className="match__text">
            <strong>{match.blacklist ? t('match.blacklist', { name: match.name }) : t('match.duplicate', { name: match.name, code: match.code })}</strong>
            {match.blacklist && match.reason && <span>{match.reason}</span>}
          </div>
          <button type="button" className="button button--small" onClick={() => openPerson(match.personId)}>
            {t('match.open')}
          </button>
        </div>
      ))}
    </div>
  )
}
