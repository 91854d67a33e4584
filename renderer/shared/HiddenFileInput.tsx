import type { Ref } from 'react'

/**
 * The file chooser behind a visible button: out of the tab order (the button is the control),
 * labelled for screen readers, and reset after each choice so the same file can be chosen again.
 */
export function HiddenFileInput({ ref, accept, label, onFile }: { ref: Ref<HTMLInputElement>; accept: string; label: string; onFile(file: File): void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      className="visually-hidden"
      tabIndex={-1}
      aria-label={label}
      onChange={(event) => {
        const file = event.target.files?.[0]
        event.target.value = ''
        if (file) onFile(file)
      }}
    />
  )
}
