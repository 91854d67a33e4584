/**
 * Characters no person's text needs and that can do harm when shown: C0/C1 control characters
 * (NUL, the ESC of ANSI sequences that rewrite a terminal), DEL, the bidirectional overrides and
 * isolates that make text read in another order than it is stored, line/paragraph separators,
 * the BOM and interlinear annotation marks, and lone UTF-16 surrogates (not text at all).
 * Tab, LF and CR are listed apart: a multi-line note may hold them, a name may not.
 */
const INVISIBLE = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\uFFF9-\\uFFFB\\uD800-\\uDFFF'
const LINE_BREAKS = '\\t\\n\\r'

const UNSAFE_IN_LINE = new RegExp(`[${INVISIBLE}${LINE_BREAKS}]`, 'u')
const UNSAFE_IN_TEXT = new RegExp(`[${INVISIBLE}]`, 'u')
const UNSAFE_ANYWHERE = new RegExp(`[${INVISIBLE}${LINE_BREAKS}]`, 'gu')

/** The first character a one-line (or, with `multiline`, a multi-line) text field refuses, as "U+001B". */
export function unsafeCharacter(text: string, multiline = false): string | null {
  const found = (multiline ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE).exec(text)
  return found ? codePointName(found[0]) : null
}

/**
 * Text for a terminal: every refused character (and tab/CR, which move the cursor) becomes a
 * visible escape such as `\x1b` or `\u202e`; line feeds are kept, the output's own layout.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_ANYWHERE, (character) => (character === '\n' ? character : escapeCharacter(character)))
}

/** JSON output stays valid JSON but carries the same characters as \u escapes, never raw. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_ANYWHERE, (character) => (character === '\n' ? character : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

function codePointName(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}
