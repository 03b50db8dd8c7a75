// Files from a drop, folders included (the File and Directory Entries API), or from the file picker.

/** Files taken from one folder tree at most: a mailbox export is thousands, not millions. */
export const MAX_DROPPED_FILES = 20_000;

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_DROPPED_FILES) return;
  if (entry.isFile) {
    out.push(await fileOf(entry as FileSystemFileEntry));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches until it answers an empty one.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader))
    for (const child of batch) await walk(child, out);
}

/** Every file of a drop, walking into dropped folders. */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.some((e) => e?.isDirectory)) {
    const out: File[] = [];
    for (const entry of entries) if (entry) await walk(entry, out);
    return out;
  }
  return [...data.files];
}
