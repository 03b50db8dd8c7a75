// "Keep on this device": the report files the person read, in this browser's IndexedDB, only when they ask (off by
// default), and "forget everything" deletes the database. Nothing is kept anywhere else.

export interface KeptFile {
  name: string;
  bytes: Uint8Array;
}

/** Where kept files live: IndexedDB in the browser, a Map in tests. */
export interface KeepStore {
  /** Every kept file, the earliest drop first. */
  load(): Promise<KeptFile[] | null>;
  /** Keep these files instead of any kept before. */
  save(files: readonly KeptFile[]): Promise<void>;
  /** Keep these next to those kept before (a later drop), without reading those back. */
  add(files: readonly KeptFile[]): Promise<void>;
  forget(): Promise<void>;
}

const DB_NAME = 'authlens-reports';
const STORE = 'files';
const KEY = 'kept';
/** Later drops go under "kept:<time>-<n>", which sort after KEY and in the order they were added. */
let added = 0;
const addedKey = () =>
  `${KEY}:${Date.now().toString().padStart(15, '0')}-${String(++added).padStart(6, '0')}`;

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
    const values = (await withStore('readonly', (s) => s.getAll())) as Array<
      { files?: KeptFile[] } | undefined
    >;
    const files = values.flatMap((v) => (Array.isArray(v?.files) ? v.files : []));
    return files.length > 0 ? files : null;
  }

  async save(files: readonly KeptFile[]): Promise<void> {
    await withStore('readwrite', (s) => s.clear());
    await withStore('readwrite', (s) => s.put({ files: [...files], savedAt: Date.now() }, KEY));
  }

  async add(files: readonly KeptFile[]): Promise<void> {
    await withStore('readwrite', (s) => s.put({ files: [...files], savedAt: Date.now() }, addedKey()));
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
  async add(files: readonly KeptFile[]): Promise<void> {
    this.files = [...(this.files ?? []), ...files];
  }
  async forget(): Promise<void> {
    this.files = null;
  }
}
