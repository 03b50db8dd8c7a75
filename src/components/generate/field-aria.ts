// The ARIA a generator field carries for the issues shown next to it: invalid while one is an error, described
// by its hint and by the issues' list.

export function fieldAria(
  issues: readonly { severity: string }[],
  issuesId: string,
  hintId: string | null = null,
): { 'aria-invalid': boolean; 'aria-describedby'?: string } {
  const ids = [hintId, issues.length > 0 ? issuesId : null].filter((id) => id !== null).join(' ');
  const invalid = issues.some((i) => i.severity === 'error');
  return ids ? { 'aria-invalid': invalid, 'aria-describedby': ids } : { 'aria-invalid': invalid };
}
