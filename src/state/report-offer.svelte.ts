// The header analysis given a report file by mistake (a DMARC aggregate or TLS report, an archive of them, or a
// failure report message): offer to open it on the Reports page. The file moves in memory, never via the URL.

import { guessReportKind } from '../lib/reports/sniff';

/** Bytes looked at to recognise a report. */
const SNIFF_BYTES = 65_536;

export type OfferedKind = NonNullable<ReturnType<typeof guessReportKind>>;

export const OFFER_WORDS: Record<OfferedKind, string> = {
  'dmarc-aggregate': 'a DMARC aggregate report',
  'tls-rpt': 'an SMTP TLS report',
  'dmarc-failure': 'a DMARC failure report',
  archive: 'a compressed archive (reports come this way)',
};

export class ReportOffer {
  #offer = $state.raw<{ file: File; kind: OfferedKind } | null>(null);
  readonly #open: (files: File[]) => Promise<void>;

  constructor(open?: (files: File[]) => Promise<void>) {
    this.#open =
      open ??
      (async (files) => {
        const { reports } = await import('./reports.svelte');
        await reports.openFrom(files);
      });
  }

  get offer(): { file: File; kind: OfferedKind } | null {
    return this.#offer;
  }

  /** Look at a dropped or picked file, or pasted text: is it a report rather than a message? */
  async check(input: File | string): Promise<void> {
    const file =
      typeof input === 'string' ? new File([input.slice(0, SNIFF_BYTES * 64)], 'pasted-report.txt') : input;
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    const kind = guessReportKind(head);
    this.#offer = kind === null ? null : { file, kind };
  }

  async open(): Promise<void> {
    const offer = this.#offer;
    this.#offer = null;
    if (offer) await this.#open([offer.file]);
  }

  dismiss(): void {
    this.#offer = null;
  }
}

export const reportOffer = new ReportOffer();
