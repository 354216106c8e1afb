// The storage option of the durable systems (kv-wal, and bank on kv-wal's log): exactly one of
// a Disk to use as it is, or a real directory, created when missing, behind the Node fs disk.

import { mkdirSync } from 'node:fs';
import type { Disk } from '../../harness/disk/disk.ts';
import { createNodeDisk } from '../../harness/disk/node-disk.ts';

export function diskFromOptions(systemId: string, options: { readonly disk?: Disk; readonly path?: string } | undefined): Disk {
  if ((options?.disk === undefined) === (options?.path === undefined)) {
    throw new TypeError(`${systemId}.open: expected options with exactly one of disk and path`);
  }
  if (options?.disk !== undefined) return options.disk;
  const path: unknown = options?.path;
  if (typeof path !== 'string') throw new TypeError(`${systemId}.open: expected path as a string, got ${typeof path}`);
  mkdirSync(path, { recursive: true });
  return createNodeDisk(path);
}
