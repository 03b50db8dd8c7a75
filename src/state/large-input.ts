// A file or paste too large for the text box: what the page shows of it instead (its size and first lines).

/** Lines of a large input shown in place of the text box. */
const HEAD_LINES = 6;
/** Characters shown of each of those lines. */
const HEAD_LINE_CHARS = 160;

export interface LargeInput {
  name: string;
  text: string;
  /** The first lines, each cut to a readable length. */
  head: string[];
}

/** Describe a large input without scanning more of it than its first lines. */
export function largeInput(name: string, text: string): LargeInput {
  const head: string[] = [];
  let at = 0;
  while (head.length < HEAD_LINES && at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, Math.min(end, at + HEAD_LINE_CHARS + 1)).replace(/\r$/, '');
    head.push(line.length > HEAD_LINE_CHARS ? `${line.slice(0, HEAD_LINE_CHARS)}…` : line);
    at = end + 1;
  }
  return { name, text, head };
}
