// Writes a file beside its final name and renames it into place: readers never see half a file.
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileToWrite {
  name: string;
  content: string;
  /** Permission bits, such as 0o600 for the private key. */
  mode: number;
}

/**
 * Writes each file beside its final name and renames it into place, so nginx (or a crash of this
 * container) never sees a half-written file. The temporary file is created with its final mode:
 * the key is never readable by others, not even for a moment.
 */
export async function writeFileAtomic(dir: string, file: FileToWrite): Promise<void> {
  const target = join(dir, file.name);
  const temporary = join(dir, `.${file.name}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', file.mode);
  try {
    await handle.chmod(file.mode);
    await handle.writeFile(file.content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, target);
}
