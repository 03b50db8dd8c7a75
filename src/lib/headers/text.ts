// Showing untrusted header text safely: control characters made visible (the Mailsploit cases).

const NAMES: Record<number, string> = { 0: 'NUL', 9: 'TAB', 10: 'LF', 13: 'CR', 27: 'ESC', 127: 'DEL' };

/** Replace C0/C1 control characters and bidi overrides with visible markers such as ⟨NUL⟩, ⟨LF⟩, ⟨U+202E⟩. */
export function visibleControls(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => {
      const code = c.charCodeAt(0);
      return `⟨${NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`}⟩`;
    },
  );
}

export function hasControls(text: string): boolean {
  return /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}
