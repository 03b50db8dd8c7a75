// Share a paste in the URL fragment (never sent to a server): deflate-raw (RFC 1951), then base64url (RFC 4648 §5).

import { decodeBase64Url, encodeBase64Url } from '../lib/encoding/base64';

/** Longer links break in some browsers and chat apps. */
export const MAX_SHARE_CHARS = 60_000;

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function packText(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  return encodeBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
}

/** The text of a shared link; rejects when the link is damaged (not base64url, or not deflate data). */
export async function unpackText(packed: string): Promise<string> {
  const decoded = decodeBase64Url(packed);
  if (!decoded.ok) throw new Error(`The link is damaged: ${decoded.error}`);
  const bytes = decoded.bytes as Uint8Array<ArrayBuffer>;
  return new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
}
