// Parses large header pastes off the main thread, so the page never freezes.

import { analyzeHeaders, type DmarcPolicyHint, type HeaderAnalysis } from '../lib/headers';

export type HeadersRequest = { id: number; text: string; policy: DmarcPolicyHint | null };
export type HeadersResponse =
  { id: number; ok: true; analysis: HeaderAnalysis } | { id: number; ok: false; error: string };

self.onmessage = (event: MessageEvent<HeadersRequest>) => {
  const { id, text, policy } = event.data;
  let reply: HeadersResponse;
  try {
    reply = { id, ok: true, analysis: analyzeHeaders(text, { policy }) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(reply);
};
