/**
 * A Writable over a FileHandle that we keep owning (so we can fsync, chmod and close it ourselves).
 * Node's own `filehandle.createWriteStream({ autoClose: false })` keeps a reference on the handle that
 * makes a later `filehandle.close()` hang forever (Node 20), and destroying it closes the handle
 * behind our back — hence this ~30-line sink.
 */
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

async function writeFully(fh: FileHandle, buf: Uint8Array): Promise<void> {
  let off = 0;
  while (off < buf.byteLength) {
    const { bytesWritten } = await fh.write(buf, off, buf.byteLength - off);
    off += bytesWritten;
  }
}

export class FileSink extends Writable {
  readonly #fh: FileHandle;
  /** The first error raised by the file system itself (as opposed to one this sink was destroyed with). */
  ioError: unknown;

  constructor(fh: FileHandle, highWaterMark = 1 << 20) {
    super({ highWaterMark, decodeStrings: true });
    this.#fh = fh;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (error?: Error | null) => void): void {
    writeFully(this.#fh, chunk).then(() => callback(), (e: Error) => this.#fail(e, callback));
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const bufs = chunks.map((c) => c.chunk);
    (async () => {
      const total = bufs.reduce((n, b) => n + b.byteLength, 0);
      const { bytesWritten } = await this.#fh.writev(bufs);
      if (bytesWritten === total) return;
      // Partial vectored write: finish the remainder chunk by chunk.
      let skip = bytesWritten;
      for (const b of bufs) {
        if (skip >= b.byteLength) {
          skip -= b.byteLength;
          continue;
        }
        await writeFully(this.#fh, b.subarray(skip));
        skip = 0;
      }
    })().then(() => callback(), (e: Error) => this.#fail(e, callback));
  }

  #fail(e: Error, callback: (error?: Error | null) => void): void {
    this.ioError ??= e;
    callback(e);
  }
}
