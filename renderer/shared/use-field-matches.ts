import { useEffect, useState } from 'react'
import type { FieldMatch } from '../../common/persons/field-match'
import { getBridge } from '../store/bridge-holder'

/** Long enough that typing an ID number asks once, short enough to warn before Save is pressed. */
const PAUSE_MS = 300

/**
 * The blacklist entries matching what the form holds so far (certificate number, phone, name),
 * asked of the core a moment after the typing pauses; [] while nothing is typed or on failure (the
 * save itself checks again and answers with the same matches).
 */
export function useFieldMatches(fields: { name: string; phone: string; certificateNumber: string; excludePersonId?: string }): FieldMatch[] {
  const [matches, setMatches] = useState<FieldMatch[]>([])
  const { name, phone, certificateNumber, excludePersonId } = fields
  useEffect(() => {
    if (!name.trim() && !phone.trim() && !certificateNumber.trim()) {
      setMatches([])
      return
    }
    let current = true
    const timer = setTimeout(() => {
      getBridge()
        .invoke('blacklist.matchFields', {
          name: name.slice(0, 200),
          phone: phone.slice(0, 40),
          certificate: certificateNumber.trim() ? { number: certificateNumber.slice(0, 80) } : null,
          excludePersonId,
        })
        .then((found) => current && setMatches(found))
        .catch(() => current && setMatches([]))
    }, PAUSE_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [name, phone, certificateNumber, excludePersonId])
  return matches
}
