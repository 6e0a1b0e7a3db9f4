import { mkdir, rename, unlink } from 'node:fs/promises';
import { basename, join, normalize, sep } from 'node:path';

const TRASH = '.deleting';

/** A recording's file path inside the directory; null for a name that would leave it. */
export function recordingPath(dir: string, file: string): string | null {
  if (!file || file.includes('\0')) return null;
  const path = normalize(join(dir, file));
  return path.startsWith(normalize(dir) + sep) ? path : null;
}

/**
 * Removing recording files together with their rows: `stage` moves each file into a trash
 * folder beside them (a rename: atomic, and undoable), so if any move fails the moved ones are
 * put back and the caller's transaction rolls back: nothing is removed. After the rows are
 * committed, `finish` unlinks the staged files; if the commit fails, `undo` puts them back.
 * A file already missing counts as removed (the row was stale).
 */
export class StagedDeletion {
  private readonly moved: { from: string; to: string }[] = [];

  constructor(private readonly dir: string) {}

  async stage(files: string[]): Promise<void> {
    const trash = join(this.dir, TRASH);
    try {
      await mkdir(trash, { recursive: true });
      for (const file of files) {
        const from = recordingPath(this.dir, file);
        if (!from) continue;
        const to = join(trash, `${process.pid}-${Date.now()}-${this.moved.length}-${basename(from)}`);
        try {
          await rename(from, to);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        this.moved.push({ from, to });
      }
    } catch (error) {
      await this.undo();
      throw error;
    }
  }

  async undo(): Promise<void> {
    for (const { from, to } of this.moved.splice(0).reverse()) await rename(to, from);
  }

  async finish(): Promise<void> {
    for (const { to } of this.moved.splice(0)) await unlink(to).catch(() => undefined);
  }
}
