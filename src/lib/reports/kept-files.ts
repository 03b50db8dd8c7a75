// "Keep on this device" stores each file once, however often it is dropped: files are told apart by their bytes
// (SHA-256, FIPS 180-4), not their names, just as a report read twice counts once in the totals.

import { createStreamingSha256 } from '../hash/sha256-stream';

export interface FileBytes {
  name: string;
  bytes: Uint8Array;
}

/** A drop split against what is kept: files to store, files already kept (or dropped twice in it), their digests. */
export interface KeptSift<T extends FileBytes> {
  fresh: T[];
  repeated: T[];
  /** The digests of `fresh`, to remember once they are stored. */
  digests: string[];
}

/** Bytes hashed per task: a kept file may be 256 MiB, and hashing it in one go stalls the page for seconds. */
const DIGEST_STEP = 2 * 1024 * 1024;

/** The SHA-256 of a file's bytes, as hex, hashed a step per task. */
export async function fileDigest(bytes: Uint8Array): Promise<string> {
  const hash = await createStreamingSha256();
  for (let at = 0; at < bytes.length; at += DIGEST_STEP) {
    if (at > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    hash.update(bytes.subarray(at, at + DIGEST_STEP));
  }
  let hex = '';
  for (const b of hash.digest()) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** The digests of the files kept on this device. */
export class KeptFiles {
  readonly #digests = new Set<string>();

  get size(): number {
    return this.#digests.size;
  }

  /**
   * Which files of a drop are new: a file whose bytes are kept already is repeated, and so is a second copy within
   * the drop (the first is kept). Nothing is remembered until `remember` (the store may refuse the files).
   */
  async sift<T extends FileBytes>(files: readonly T[]): Promise<KeptSift<T>> {
    const out: KeptSift<T> = { fresh: [], repeated: [], digests: [] };
    const inDrop = new Set<string>();
    for (const file of files) {
      const digest = await fileDigest(file.bytes);
      if (this.#digests.has(digest) || inDrop.has(digest)) out.repeated.push(file);
      else {
        inDrop.add(digest);
        out.fresh.push(file);
        out.digests.push(digest);
      }
    }
    return out;
  }

  remember(digests: readonly string[]): void {
    for (const d of digests) this.#digests.add(d);
  }

  /** Nothing is kept any more (start over, forget everything, a new first drop). */
  clear(): void {
    this.#digests.clear();
  }
}
