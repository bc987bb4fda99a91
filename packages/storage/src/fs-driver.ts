/**
 * The `fs` driver: objects live at `<root>/sha256/ab/cd/<hash>` (mode 0444), uploads in flight at
 * `<root>/tmp/<random>.part` (created with O_EXCL, mode 0600).
 *
 * put: stream → HashingCounter → temp file (stream.pipeline, so backpressure all the way), fsync,
 * chmod 0444, check expectations, then `link(temp, final)` + `unlink(temp)`: an atomic
 * rename-without-clobber (link fails with EEXIST if the object exists, so an existing object is never
 * replaced, even by a concurrent put of the same content). Filesystems without hard links fall back to
 * stat + rename. The parent directory is fsynced after the object appears.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline as pipelineCb } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAppError } from '@ebid/domain';
import { FileSink } from './file-sink.ts';
import { OBJECT_PREFIX, TEMP_PREFIX, hashFromObjectKey, objectSegments } from './keys.ts';
import {
  HashingCounter,
  VerifyingStream,
  checkIntegrity,
  isRanged,
  notFound,
  resolveRange,
  toPipelineSource,
  unavailable,
  validatePutOptions,
} from './streams.ts';
import type { GetOptions, ObjectInfo, ObjectStore, PutBody, PutOptions, PutResult } from './types.ts';

export interface FsObjectStoreOptions {
  /** The store's directory; `sha256/` and `tmp/` are created under it by init(). */
  root: string;
}

/** Temp files older than this are removed by init() (left over by a crash mid-upload). */
const STALE_TEMP_MS = 24 * 3600 * 1000;
const HEX2 = /^[0-9a-f]{2}$/;

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

function fail(op: string, e: unknown): Error {
  return isAppError(e) ? e : unavailable('fs', op, e);
}

async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await fsp.open(dir, fsc.O_RDONLY);
    await fh.sync();
  } catch {
    // best effort: some filesystems refuse fsync on a directory
  } finally {
    await fh?.close().catch(() => {});
  }
}

export function createFsObjectStore(opts: FsObjectStoreOptions): ObjectStore {
  if (!opts || typeof opts.root !== 'string' || opts.root === '') throw new TypeError('createFsObjectStore: root is required');
  const root = path.resolve(opts.root);
  const tmpDir = path.join(root, TEMP_PREFIX);
  const objDir = path.join(root, OBJECT_PREFIX);
  const pathOf = (sha256: string): string => path.join(root, ...objectSegments(sha256));

  async function openTemp(): Promise<{ fh: FileHandle; tmpPath: string }> {
    for (let attempt = 0; ; attempt++) {
      const tmpPath = path.join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
      try {
        const fh = await fsp.open(tmpPath, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
        return { fh, tmpPath };
      } catch (e) {
        if (errno(e) === 'ENOENT' && attempt === 0) {
          await fsp.mkdir(tmpDir, { recursive: true }); // init() was not called (or tmp/ was removed)
          continue;
        }
        if (errno(e) === 'EEXIST' && attempt < 3) continue;
        throw e;
      }
    }
  }

  /** Moves a complete temp file into place without ever replacing an existing object. */
  async function publish(tmpPath: string, finalPath: string): Promise<boolean> {
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    try {
      await fsp.link(tmpPath, finalPath);
      return true;
    } catch (e) {
      const code = errno(e);
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    }
    // No hard links on this filesystem: check-then-rename (a concurrent put of the same content may
    // then replace the file with identical bytes, which is harmless for content-addressed data).
    const exists = await fsp.stat(finalPath).then(
      () => true,
      (e: unknown) => {
        if (errno(e) === 'ENOENT') return false;
        throw e;
      },
    );
    if (exists) return false;
    await fsp.rename(tmpPath, finalPath);
    return true;
  }

  async function statObject(sha256: string): Promise<ObjectInfo | null> {
    const p = pathOf(sha256);
    try {
      const st = await fsp.stat(p);
      return st.isFile() ? { sha256, size: st.size } : null;
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
      throw fail('stat', e);
    }
  }

  return {
    driver: 'fs',

    async init() {
      try {
        await fsp.mkdir(tmpDir, { recursive: true });
        await fsp.mkdir(objDir, { recursive: true });
        const now = Date.now();
        for (const name of await fsp.readdir(tmpDir)) {
          const p = path.join(tmpDir, name);
          const st = await fsp.stat(p).catch(() => null);
          if (st?.isFile() && now - st.mtimeMs > STALE_TEMP_MS) await fsp.rm(p, { force: true });
        }
      } catch (e) {
        throw fail('init', e);
      }
    },

    async put(body: PutBody, options?: PutOptions): Promise<PutResult> {
      const o = validatePutOptions(options);
      const source = toPipelineSource(body);
      let fh: FileHandle | undefined;
      let tmpPath: string | undefined;
      let sourceError: unknown; // the caller's stream failed: rethrown unchanged
      try {
        ({ fh, tmpPath } = await openTemp());
        const counter = new HashingCounter(o);
        const sink = new FileSink(fh);
        try {
          await pipeline(source, counter, sink);
        } catch (e) {
          // The source's own error is rethrown as is; our AppErrors too; a disk error becomes UNAVAILABLE.
          if (!isAppError(e) && e !== sink.ioError) sourceError = e;
          throw e;
        }
        await fh.chmod(0o444);
        await fh.sync();
        await fh.close();
        fh = undefined;
        const info = { sha256: counter.sha256, size: counter.size };
        checkIntegrity(o, info);
        const finalPath = pathOf(info.sha256);
        const created = await publish(tmpPath, finalPath);
        await fsp.rm(tmpPath, { force: true });
        tmpPath = undefined;
        if (created) await fsyncDir(path.dirname(finalPath));
        return { ...info, created };
      } catch (e) {
        throw e === sourceError && e !== undefined ? e : fail('put', e);
      } finally {
        if (fh) await fh.close().catch(() => {});
        if (tmpPath) await fsp.rm(tmpPath, { force: true }).catch(() => {});
      }
    },

    async get(sha256: string, options?: GetOptions): Promise<Readable> {
      const p = pathOf(sha256);
      let fh: FileHandle;
      try {
        fh = await fsp.open(p, fsc.O_RDONLY);
      } catch (e) {
        if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') throw notFound(sha256);
        throw fail('get', e);
      }
      try {
        if (isRanged(options)) {
          // Ranged read: served as is, NOT hash-verified (a part cannot be checked against the whole's hash).
          const range = resolveRange(options, (await fh.stat()).size);
          return fh.createReadStream(range ?? {});
        }
      } catch (e) {
        await fh.close().catch(() => {});
        throw fail('get', e);
      }
      const verifier = new VerifyingStream(sha256, { expectedSize: options?.expectedSize });
      // Errors of the file stream are forwarded into `verifier`; destroying `verifier` (consumer gave
      // up) destroys the file stream, which closes the handle.
      pipelineCb(fh.createReadStream(), verifier, () => {});
      return verifier;
    },

    stat: statObject,

    async delete(sha256: string): Promise<void> {
      const p = pathOf(sha256);
      try {
        await fsp.unlink(p);
      } catch (e) {
        if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return;
        throw fail('delete', e);
      }
    },

    async *list(): AsyncGenerator<ObjectInfo> {
      const dirents = async (dir: string) => {
        try {
          return await fsp.readdir(dir, { withFileTypes: true });
        } catch (e) {
          if (errno(e) === 'ENOENT') return [];
          throw fail('list', e);
        }
      };
      for (const a of await dirents(objDir)) {
        if (!a.isDirectory() || !HEX2.test(a.name)) continue;
        for (const b of await dirents(path.join(objDir, a.name))) {
          if (!b.isDirectory() || !HEX2.test(b.name)) continue;
          for (const f of await dirents(path.join(objDir, a.name, b.name))) {
            const sha256 = hashFromObjectKey(`${OBJECT_PREFIX}/${a.name}/${b.name}/${f.name}`);
            if (!sha256 || !f.isFile()) continue;
            const info = await statObject(sha256); // null if deleted meanwhile
            if (info) yield info;
          }
        }
      }
    },

    async health() {
      try {
        await fsp.stat(root);
        const probe = path.join(tmpDir, `health-${randomBytes(8).toString('hex')}.part`);
        await fsp.writeFile(probe, 'ok', { flag: 'wx', mode: 0o600 });
        await fsp.rm(probe, { force: true });
        return { ok: true };
      } catch (e) {
        return { ok: false, detail: `fs ${root}: ${e instanceof Error ? e.message : String(e)}` };
      }
    },

    async close() {
      // nothing to release: every operation opens and closes its own handles
    },
  };
}
