// Without a crash the simulated disk must be indistinguishable from the real one: the same
// generated operation sequence runs against both (a fresh temp directory for the Node disk)
// and every result, error code included, must match.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createNodeDisk } from './node-disk.ts';
import { SimulatedDisk } from './simulated-disk.ts';
import type { Disk, DiskFile } from './disk.ts';

type Operation =
  | { kind: 'open'; path: string; create: boolean; exclusive: boolean; truncate: boolean }
  | { kind: 'write'; handle: number; position: number; data: number[] }
  | { kind: 'append'; handle: number; data: number[] }
  | { kind: 'read'; handle: number; position: number; length: number }
  | { kind: 'readAll' | 'fileSize' | 'sync' | 'close'; handle: number }
  | { kind: 'truncate'; handle: number; size: number }
  | { kind: 'readFile' | 'size' | 'exists' | 'unlink' | 'mkdir'; path: string }
  | { kind: 'list' | 'syncDirectory'; path: string }
  | { kind: 'rename'; from: string; to: string };

const path = fc.constantFrom('a', 'b', 'd', 'd/a', 'd/b', 'a/x', 'e/x');
const directory = fc.constantFrom('', 'd', 'a', 'e');
const handle = fc.nat(7);
const data = fc.array(fc.nat(255), { minLength: 0, maxLength: 700 });
const position = fc.nat(1500);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    path,
    create: fc.constantFrom(true, true, false),
    exclusive: fc.constantFrom(false, false, true),
    truncate: fc.constantFrom(false, false, true),
  }),
  fc.record({ kind: fc.constant('write' as const), handle, position, data }),
  fc.record({ kind: fc.constant('append' as const), handle, data }),
  fc.record({ kind: fc.constant('read' as const), handle, position, length: fc.nat(800) }),
  fc.record({ kind: fc.constantFrom('readAll' as const, 'fileSize' as const, 'sync' as const, 'close' as const), handle }),
  fc.record({ kind: fc.constant('truncate' as const), handle, size: position }),
  fc.record({ kind: fc.constantFrom('readFile' as const, 'size' as const, 'exists' as const, 'unlink' as const, 'mkdir' as const), path }),
  fc.record({ kind: fc.constantFrom('list' as const, 'syncDirectory' as const), path: directory }),
  fc.record({ kind: fc.constant('rename' as const), from: path, to: path }),
);

async function fileOperation(file: DiskFile, operation: Operation): Promise<unknown> {
  switch (operation.kind) {
    case 'write':
      return file.write(operation.position, Uint8Array.from(operation.data));
    case 'append':
      return file.append(Uint8Array.from(operation.data));
    case 'read':
      return [...(await file.read(operation.position, operation.length))];
    case 'readAll':
      return [...(await file.readAll())];
    case 'fileSize':
      return file.size();
    case 'sync':
      return file.sync();
    case 'truncate':
      return file.truncate(operation.size);
    default:
      return file.close();
  }
}

/** Runs one operation; the outcome is its value or its error code. */
async function run(disk: Disk, files: DiskFile[], operation: Operation): Promise<unknown> {
  try {
    switch (operation.kind) {
      case 'open': {
        files.push(await disk.open(operation.path, operation));
        return 'opened';
      }
      case 'readFile':
        return [...(await disk.readFile(operation.path))];
      case 'size':
        return await disk.size(operation.path);
      case 'exists':
        return await disk.exists(operation.path);
      case 'unlink':
        return await disk.unlink(operation.path);
      case 'mkdir':
        return await disk.mkdir(operation.path);
      case 'list':
        return await disk.list(operation.path);
      case 'syncDirectory':
        return await disk.syncDirectory(operation.path);
      case 'rename':
        return await disk.rename(operation.from, operation.to);
      default: {
        const file = files[operation.handle % Math.max(1, files.length)];
        return file === undefined ? 'no file' : await fileOperation(file, operation);
      }
    }
  } catch (error) {
    return { code: (error as { code?: unknown }).code };
  }
}

describe('the simulated disk without a crash', () => {
  test('gives the same results and error codes as the Node disk on generated operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), async (operations) => {
        const root = await mkdtemp(join(tmpdir(), 'touchstone-disk-'));
        const realFiles: DiskFile[] = [];
        const simulatedFiles: DiskFile[] = [];
        try {
          const real = createNodeDisk(root);
          const simulated = new SimulatedDisk();
          // a few files and a directory to start from, so renames and unlinks mostly find their source
          const prelude: Operation[] = [
            { kind: 'mkdir', path: 'd' },
            { kind: 'open', path: 'a', create: true, exclusive: false, truncate: false },
            { kind: 'open', path: 'd/a', create: true, exclusive: false, truncate: false },
          ];
          for (const [index, step] of [...prelude, ...operations].entries()) {
            const expected = await run(real, realFiles, step);
            const actual = await run(simulated, simulatedFiles, step);
            expect({ index, step, outcome: actual }).toEqual({ index, step, outcome: expected });
          }
          expect(await simulated.list()).toEqual(await real.list());
        } finally {
          await Promise.all(realFiles.map((file) => file.close()));
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });
});
