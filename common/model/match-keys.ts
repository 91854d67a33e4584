/**
 * The forms in which two persons' fields are compared for the blacklist's field match (pure):
 * what a desk may type differently for the same person — full-width digits from a Chinese input
 * method, spaces or hyphens in an ID number, a lower-case "x" at the end of an ID card number,
 * upper or lower case in a name — folds to one key. Phones are compared in the E.164 form the
 * register stores (normalizePhone in ./phone.ts), so national and +86 forms are already one.
 *
 *   certificateKey("11010519491231002x") === certificateKey("110105 19491231 002X")
 *   nameKey(" Ｚｈａｎｇ  Wei ") === nameKey("zhang wei")
 */

/** Characters people put inside document numbers to group digits; none of them is part of the number. */
const NUMBER_SEPARATORS = /[\s\-‐‑‒–—―_./\\]/gu

/** A certificate number as a key: width-folded (NFKC), upper case, without separators; null when nothing is left. */
export function certificateKey(number: string | null | undefined): string | null {
  if (!number) return null
  const key = number.normalize('NFKC').toUpperCase().replace(NUMBER_SEPARATORS, '')
  return key === '' ? null : key
}

/** Separators inside names that people write or leave out: spaces and the middle dots of transliterated names. */
const NAME_SEPARATORS = /[\s·•・‧.]/gu

/** A name as a key: width-folded (NFKC), lower case, without spaces or middle dots; null when nothing is left. */
export function nameKey(name: string | null | undefined): string | null {
  if (!name) return null
  const key = name.normalize('NFKC').toLowerCase().replace(NAME_SEPARATORS, '')
  return key === '' ? null : key
}

const HAN = /\p{Script=Han}/u

/** True when the name holds Chinese characters, so that its pinyin says how it sounds. */
export function hasChineseCharacters(name: string): boolean {
  return HAN.test(name)
}
