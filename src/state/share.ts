// Share a paste in the URL fragment (never sent to a server): deflate-raw, then base64url.

/** Longer links break in some browsers and chat apps. */
export const MAX_SHARE_CHARS = 60_000;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function packText(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  return toBase64Url(await pipe(bytes, new CompressionStream('deflate-raw')));
}

export async function unpackText(packed: string): Promise<string> {
  const bytes = fromBase64Url(packed) as Uint8Array<ArrayBuffer>;
  return new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
}
