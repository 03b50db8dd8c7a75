// "Keep on this device": the report files the person read, in this browser's IndexedDB, only when they ask (off by
// default), and "forget everything" deletes the database. Nothing is kept anywhere else.

export interface KeptFile {
  name: string;
  bytes: Uint8Array;
}

/** Kept files and a new drop's, without a second copy of a file kept already (same name and bytes). */
export function keptUnion(earlier: readonly KeptFile[], files: readonly KeptFile[]): KeptFile[] {
  const same = (a: KeptFile, b: KeptFile) =>
    a.name === b.name && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
  return [...earlier, ...files.filter((f) => !earlier.some((e) => same(e, f)))];
}

/** Where kept files live: IndexedDB in the browser, a Map in tests. */
export interface KeepStore {
  load(): Promise<KeptFile[] | null>;
  save(files: readonly KeptFile[]): Promise<void>;
  forget(): Promise<void>;
}

const DB_NAME = 'authlens-reports';
const STORE = 'files';
const KEY = 'kept';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB failed.'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function withStore<T>(
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await request(run(db.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    db.close();
  }
}

export class IndexedDbKeep implements KeepStore {
  async load(): Promise<KeptFile[] | null> {
    if (typeof indexedDB === 'undefined') return null;
    // Opening creates an empty database: look first, so a visitor who never kept anything stores nothing.
    const known = (await indexedDB.databases?.())?.some((d) => d.name === DB_NAME) ?? true;
    if (!known) return null;
    const value = (await withStore('readonly', (s) => s.get(KEY))) as { files?: KeptFile[] } | undefined;
    return Array.isArray(value?.files) ? value.files : null;
  }

  async save(files: readonly KeptFile[]): Promise<void> {
    await withStore('readwrite', (s) => s.put({ files: [...files], savedAt: Date.now() }, KEY));
  }

  async forget(): Promise<void> {
    if (typeof indexedDB === 'undefined') return;
    await request(indexedDB.deleteDatabase(DB_NAME));
  }
}

/** For tests and for browsers without IndexedDB. */
export class MemoryKeep implements KeepStore {
  files: KeptFile[] | null = null;
  async load(): Promise<KeptFile[] | null> {
    return this.files;
  }
  async save(files: readonly KeptFile[]): Promise<void> {
    this.files = [...files];
  }
  async forget(): Promise<void> {
    this.files = null;
  }
}
