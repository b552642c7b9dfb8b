import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A disk of its own: an ext4 file system on a loop device, whose image file holds what the kernel
 * has written to the device, and nothing of what still waits in the page cache. `powerCut()` copies
 * the image at that instant and mounts the copy (its journal replayed, as at boot): the files as
 * the machine would find them had it lost power then. Needs root, losetup/mount and mkfs.ext4 (see
 * .ci/run); without them the test fails, it never skips.
 */
export class CrashDisk {
  private static readonly mounted: CrashDisk[] = [];

  private constructor(
    private readonly image: string,
    /** The mount point: put the service's files here. */
    readonly path: string,
  ) {
    CrashDisk.mounted.push(this);
  }

  static create(sizeMb = 64): CrashDisk {
    const folder = mkdtempSync(join(tmpdir(), 'iem-disk-'));
    const image = join(folder, 'disk.img');
    execFileSync('truncate', ['-s', `${sizeMb}M`, image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image]);
    return CrashDisk.mount(image);
  }

  /**
   * While on, the device fails every write with EIO, as a failing disk does (the image made
   * immutable, the loop driver's writes to it are refused): the file system's writeback fails, an
   * fsync says so once, and ext4 then aborts its journal and turns read-only until mounted anew.
   */
  failing(on: boolean): void {
    execFileSync('chattr', [on ? '+i' : '-i', this.image]);
  }

  /** The disk as it would be found after a power cut now: the image as the device holds it, mounted anew. */
  powerCut(): CrashDisk {
    const copy = join(mkdtempSync(join(tmpdir(), 'iem-disk-')), 'disk.img');
    copyFileSync(this.image, copy);
    return CrashDisk.mount(copy);
  }

  /** Unmounts every disk made here and removes their images. */
  static releaseAll(): void {
    for (const disk of CrashDisk.mounted.splice(0)) {
      disk.failing(false);
      execFileSync('umount', ['--lazy', disk.path]);
      rmSync(join(disk.image, '..'), { recursive: true, force: true });
    }
  }

  private static mount(image: string): CrashDisk {
    const path = join(image, '..', 'mnt');
    mkdirSync(path);
    execFileSync('mount', ['-o', 'loop', image, path]);
    return new CrashDisk(image, path);
  }
}
