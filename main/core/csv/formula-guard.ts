/**
 * CSV injection (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is read by Excel, LibreOffice and Sheets as a formula (`=HYPERLINK(…)`,
 * `=cmd|' /C calc'!A0`). Exports put a single quote in front of such a cell, so it opens as text.
 *
 * Phone numbers are stored as E.164 (`+8613800138000`) and so start with `+`: they get the quote
 * too, as OWASP says, rather than an exception a later field could slip through. The import
 * takes the quote off again when it stands before one of those characters, so a file the station
 * exported imports back to the same values (a name never starts with `'=`, nor a phone with `'+`).
 */
const FORMULA_START = /^[=+\-@\t\r]/
const NEUTRALISED = /^'[=+\-@\t\r]/

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

export function restoreNeutralised(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell
}
