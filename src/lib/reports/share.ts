// A share of messages in words, one way on every reports page: a figure never rounds to "100%" while a message
// fails, nor to "0%" while one is counted.

/** 0–1 as "97%", "99.7%", "4.2%"; "<0.1%" and ">99.9%" at the ends rather than a rounded 0 or 100. */
export function shareText(share: number): string {
  const p = share * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  if (p > 99.9 && p < 100) return '>99.9%';
  if (p === 0 || p === 100) return `${p}%`;
  return `${p < 10 || p >= 99.5 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** "1 message", "12,345 messages": a count in the reports' number style, its noun in the number it needs. */
export const countText = (n: number, noun: string, plural = `${noun}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
