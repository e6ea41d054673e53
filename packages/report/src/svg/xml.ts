// The few helpers every part of the SVG writer shares: escaping, and numbers printed the same way
// on every machine so that the same report gives the same bytes.
import { visible } from '@proclife/proctable'

/** Text made safe for an XML text node or attribute value. */
export function escapeXml(text: string): string {
  // A control character is not allowed in XML at all: shown as an escape, as in the text pictures.
  return visible(text, { keepLines: true }).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )
}

/** A coordinate with at most one decimal, no trailing `.0`: stable bytes, small files. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

/** One element: `tag(name, attributes, children)`; attributes with `undefined` are left out. */
export function tag(
  name: string,
  attributes: Readonly<Record<string, string | number | undefined>>,
  ...children: string[]
): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v!)}"`)
    .join('')
  return children.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${children.join('')}</${name}>`
}

/** A `<title>` child: what a browser shows on hover and a screen reader reads. */
export function title(text: string): string {
  return `<title>${escapeXml(text)}</title>`
}
