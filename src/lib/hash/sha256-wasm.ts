// FIPS 180-4 §6.2 SHA-256, incremental, with the compression function assembled at run time into a small
// WebAssembly module (all 64 rounds unrolled, the message schedule in locals). WebCrypto has no incremental digest
// and @noble/hashes runs at about half of this speed, so a large changed DKIM body is streamed through this one.

/** Input bytes gathered in the module's memory before the compression function runs over them. */
export const SHA256_CHUNK_BYTES = 1 << 16;

/** FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];
/** FIPS 180-4 §5.3.3: the initial hash value. */
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The module's memory: the hash state (eight words) at 0, the input chunk from INPUT. Two 64 KB pages. */
const INPUT = 64;
const PAGES = 2;

// WebAssembly opcodes (core spec §5.4) used by the compression function.
const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  load: 0x28,
  store: 0x36,
  const: 0x41,
  eqz: 0x45,
  add: 0x6a,
  sub: 0x6b,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shrU: 0x76,
  rotl: 0x77,
  rotr: 0x78,
} as const;

function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function signedLeb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

// Locals of `blocks(ptr, n)`: the two parameters, the working variables a..h, the schedule window w0..w15, a temp.
const LOCAL = { ptr: 0, count: 1, vars: 2, w: 10, temp: 26 } as const;
/** Locals declared past the two parameters. */
const DECLARED_LOCALS = LOCAL.temp + 1 - 2;

/** The body of `blocks(ptr, n)`: compress `n` 64-byte blocks starting at `ptr` into the state at 0. */
function compressionCode(): number[] {
  const c: number[] = [];
  const get = (i: number) => c.push(OP.get, i);
  const constant = (n: number) => c.push(OP.const, ...signedLeb(n));
  const op = (...ops: number[]) => c.push(...ops);
  /** Three rotations (or two and a shift) of local `x`, xored: the Σ and σ functions of FIPS 180-4 §4.1.2. */
  const mix = (x: number, r1: number, r2: number, r3: number, shift: boolean) => {
    get(x);
    constant(r1);
    op(OP.rotr);
    get(x);
    constant(r2);
    op(OP.rotr, OP.xor);
    get(x);
    constant(r3);
    op(shift ? OP.shrU : OP.rotr, OP.xor);
  };

  op(OP.block, 0x40, OP.loop, 0x40);
  get(LOCAL.count);
  op(OP.eqz, OP.brIf, 1);
  for (let i = 0; i < 8; i++) {
    constant(0);
    op(OP.load, 2, ...unsignedLeb(4 * i), OP.set, LOCAL.vars + i);
  }
  // Which local holds a..h this round: the roles rotate instead of the values moving.
  const role = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => LOCAL.vars + i);
  for (let t = 0; t < 64; t++) {
    const w = LOCAL.w + (t & 15);
    if (t < 16) {
      // The block's words are big-endian: load, then swap the bytes (rotations of the two byte lanes).
      get(LOCAL.ptr);
      op(OP.load, 0, ...unsignedLeb(4 * t), OP.set, LOCAL.temp);
      get(LOCAL.temp);
      constant(0x00ff00ff);
      op(OP.and);
      constant(8);
      op(OP.rotr);
      get(LOCAL.temp);
      constant(0xff00ff00);
      op(OP.and);
      constant(8);
      op(OP.rotl, OP.or, OP.set, w);
    } else {
      // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
      mix(LOCAL.w + ((t - 2) & 15), 17, 19, 10, true);
      get(LOCAL.w + ((t - 7) & 15));
      op(OP.add);
      mix(LOCAL.w + ((t - 15) & 15), 7, 18, 3, true);
      op(OP.add);
      get(w);
      op(OP.add, OP.set, w);
    }
    const [a, b, cc, d, e, f, g, h] = role as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; Ch(e, f, g) = g ^ (e & (f ^ g))
    get(h);
    mix(e, 6, 11, 25, false);
    op(OP.add);
    get(g);
    get(e);
    get(f);
    get(g);
    op(OP.xor, OP.and, OP.xor, OP.add);
    constant(K[t]!);
    op(OP.add);
    get(w);
    op(OP.add, OP.set, LOCAL.temp);
    // d += T1 (the next e); h = T1 + Σ0(a) + Maj(a, b, c) (the next a); Maj = (a & b) | (c & (a | b))
    get(d);
    get(LOCAL.temp);
    op(OP.add, OP.set, d);
    get(LOCAL.temp);
    mix(a, 2, 13, 22, false);
    op(OP.add);
    get(a);
    get(b);
    op(OP.and);
    get(cc);
    get(a);
    get(b);
    op(OP.or, OP.and, OP.or, OP.add, OP.set, h);
    role.unshift(role.pop()!);
  }
  // Sixty-four rotations bring every role back to its local: add the working variables into the state.
  for (let i = 0; i < 8; i++) {
    constant(0);
    constant(0);
    op(OP.load, 2, ...unsignedLeb(4 * i));
    get(LOCAL.vars + i);
    op(OP.add, OP.store, 2, ...unsignedLeb(4 * i));
  }
  get(LOCAL.ptr);
  constant(64);
  op(OP.add, OP.set, LOCAL.ptr);
  get(LOCAL.count);
  constant(1);
  op(OP.sub, OP.set, LOCAL.count, OP.br, 0, OP.end, OP.end, OP.end);
  return c;
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  return [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
}

/** The whole module (core spec §5.5): one function type, one function, one memory, both exported. */
export function sha256ModuleBytes(): Uint8Array<ArrayBuffer> {
  const body = [1, ...unsignedLeb(DECLARED_LOCALS), 0x7f, ...compressionCode()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, PAGES]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('blocks'), 0, 0]),
    ...section(10, [1, ...unsignedLeb(body.length), ...body]),
  ]);
}

interface Exports {
  memory: WebAssembly.Memory;
  blocks: (ptr: number, count: number) => void;
}

/**
 * An incremental SHA-256 over one instance of the module. Callers either `update()` with bytes, or write straight
 * into `input` and `absorb()` what they wrote (a multiple of 64 bytes, except before `digest()`).
 */
export class WasmSha256 {
  /** Where to write input directly: SHA256_CHUNK_BYTES bytes in the module's memory. */
  readonly input: Uint8Array;
  readonly #exports: Exports;
  readonly #state: Int32Array;
  #fill = 0;
  #length = 0;

  constructor(instance: WebAssembly.Instance) {
    this.#exports = instance.exports as unknown as Exports;
    const buffer = this.#exports.memory.buffer;
    this.input = new Uint8Array(buffer, INPUT, SHA256_CHUNK_BYTES);
    this.#state = new Int32Array(buffer, 0, 8);
    this.#state.set(H0);
  }

  /** Bytes waiting in `input` (fewer than 64 after an `absorb`). */
  get filled(): number {
    return this.#fill;
  }

  /** Take the first `length` bytes of `input` (counted from the bytes already waiting there) into the hash. */
  absorb(length: number): void {
    const total = this.#fill + length;
    this.#length += length;
    const whole = total >>> 6;
    if (whole > 0) this.#exports.blocks(INPUT, whole);
    const rest = total & 63;
    if (rest > 0 && whole > 0) this.input.copyWithin(0, whole << 6, total);
    this.#fill = rest;
  }

  update(data: Uint8Array): void {
    for (let at = 0; at < data.length;) {
      const take = Math.min(data.length - at, SHA256_CHUNK_BYTES - this.#fill);
      this.input.set(data.subarray(at, at + take), this.#fill);
      at += take;
      this.absorb(take);
    }
  }

  /** FIPS 180-4 §5.1.1 padding, then the state as big-endian bytes. The hasher is spent afterwards. */
  digest(): Uint8Array {
    const input = this.input;
    let end = this.#fill;
    input[end++] = 0x80;
    const padded = (end + 8 + 63) & ~63;
    input.fill(0, end, padded - 8);
    const bits = this.#length * 8;
    const view = new DataView(input.buffer, input.byteOffset, padded);
    view.setUint32(padded - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(padded - 4, bits >>> 0);
    this.#exports.blocks(INPUT, padded >>> 6);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setInt32(4 * i, this.#state[i]!);
    return out;
  }
}

let compiled: Promise<WebAssembly.Module | null> | undefined;

/**
 * A fresh incremental SHA-256 in WebAssembly, or null where WebAssembly cannot run here (none, or a
 * Content-Security-Policy without 'wasm-unsafe-eval'): the caller then uses another implementation.
 */
export async function createWasmSha256(): Promise<WasmSha256 | null> {
  compiled ??= (async () => {
    try {
      return await WebAssembly.compile(sha256ModuleBytes());
    } catch {
      return null;
    }
  })();
  const module = await compiled;
  if (module === null) return null;
  return new WasmSha256(await WebAssembly.instantiate(module));
}
