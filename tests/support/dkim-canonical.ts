// RFC 6376 §3.4.3 / §3.4.4 body canonicalization as string rules (line ends normalised first, then line by line):
// the oracle the byte canonicalizer is tested against (the library's own definition before it moved to bytes).

export function referenceBody(body: string, mode: 'simple' | 'relaxed'): string {
  const text = body.replace(/\r\n|\r|\n/g, '\r\n');
  if (mode === 'simple') {
    let b = text;
    while (b.endsWith('\r\n\r\n')) b = b.slice(0, -2);
    if (b === '' || b === '\r\n') return '\r\n';
    return b.endsWith('\r\n') ? b : `${b}\r\n`;
  }
  const lines = text.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}
