/**
 * Why a piece of XML is not well-formed (tags that do not nest, an attribute without quotes, a
 * bare `&` or `<` in text), or null when it is: enough to catch a picture that a browser would
 * refuse to draw, without an XML parser in the workspace. Comments, CDATA and DTDs are not
 * expected in our pictures, so they count as errors too.
 */
export function xmlProblem(xml: string): string | null {
  const open: string[] = []
  let roots = 0
  for (const [token] of xml.matchAll(/<[^>]*>|[^<]+|</g)) {
    if (token === '<') return 'a bare < in text'
    const bad = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(token)
    if (bad) return `a bare & : ${JSON.stringify(token.slice(bad.index, bad.index + 20))}`
    if (!token.startsWith('<')) {
      if (open.length === 0 && token.trim() !== '')
        return `text outside the root: ${JSON.stringify(token.slice(0, 20))}`
      continue
    }
    if (token.startsWith('<?xml')) continue
    const close = /^<\/([\w:-]+)\s*>$/.exec(token)
    if (close) {
      if (open.pop() !== close[1]) return `</${close[1]}> closes nothing open`
      continue
    }
    const element = /^<([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token)
    if (!element) return `not a tag: ${JSON.stringify(token.slice(0, 60))}`
    if (open.length === 0) roots++
    if (element[3] !== '/') open.push(element[1]!)
  }
  if (open.length > 0) return `<${open.join('>, <')}> left open`
  return roots === 1 ? null : `${roots} root elements`
}
