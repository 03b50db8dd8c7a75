// Numbers and dates of the reports pages, written one way everywhere.

import { shareText } from '../../lib/reports/share';

/** 12,345 */
export const count = (n: number): string => n.toLocaleString('en-US');

/** "1 message", "12,345 messages" (lib's countText, the same words the engine writes). */
export { countText as counted } from '../../lib/reports/share';

/** A share 0–1 as "97%" or "99.7%" (never a rounded 100% or 0%), or an em dash when there is nothing to divide. */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return shareText(share);
}

/** n of total as a share. */
export const shareOf = (n: number, total: number): number | null => (total === 0 ? null : n / total);

/** Epoch seconds as a UTC date "2026-03-01". */
export const date = (seconds: number | null): string =>
  seconds === null || seconds <= 0 ? '—' : new Date(seconds * 1000).toISOString().slice(0, 10);

/** A file name and the member inside it. */
export const where = (source: { file: string; member: string | null }): string =>
  source.member ? `${source.file} › ${source.member}` : source.file;
