#!/usr/bin/env node
// Starts s3rver 3.7.1 on 127.0.0.1 for tests and development (never for users: it checks no
// signatures, has no versioning and no object lock — stack.md §3).
//
//   node packages/storage/scripts/s3rver.mjs --port 4569 --dir /tmp/s3
//
// --port 0 picks a free port. When ready it prints exactly one JSON line on stdout:
//   {"listening":"http://127.0.0.1:4569"}
// and it exits with status 0 on SIGTERM / SIGINT. Access key / secret: S3RVER / S3RVER (s3rver's
// built-in account; it does not verify signatures anyway).
//
// Patches (koa middleware placed before s3rver's own), for what minio 8 and @ebid/storage use:
//  1. ListMultipartUploads (GET /bucket?uploads): s3rver answers NotImplemented, and minio's streamed
//     putObject (and removeIncompleteUpload) call it first. Implemented for real by reading s3rver's
//     upload directories (prefix filter; never truncated).
//  2. AbortMultipartUpload (DELETE /bucket/key?uploadId=…): s3rver answers MethodNotAllowed, so the
//     parts of a failed upload stayed on disk forever. Implemented: removes the upload directory.
//  3. UploadPart / CompleteMultipartUpload for an unknown uploadId: s3rver silently re-creates the
//     upload directory (so a part still in flight when its upload is aborted would leave an orphan
//     directory). Answered with NoSuchUpload (404), as S3 does.
//     And an abort waits for the parts of that upload still being written, instead of deleting the
//     directory under them (which made s3rver answer 500 and minio retry).
//  4. GetObject with `Range: bytes=0-0` (the first byte only): s3rver reads `end || Infinity` and
//     serves the whole object. Fixed in its store.
//  5. DeleteObject prunes the now-empty parent directories, racing with a concurrent put under the
//     same prefix (ENOENT → 500; stack.md §2 "flaky"). The store's deleteObject no longer prunes
//     (empty directories are invisible to S3 clients).
//  6. Requests on the same object key are serialized (until their response headers are ready):
//     s3rver rewrites <key>._S3rver_metadata.json in place, so two concurrent writes of one key (or a
//     read during a write) could read a half-written JSON file and answer 500.
//  7. PutObject answered 200 before the object's bytes were on disk: s3rver's store resolves when its
//     md5 transform has seen the last byte (for a Buffer body: as soon as `end()` is called), not when
//     the file stream has flushed. A stat right after the PUT could see the object with size 0 (the
//     demo's opening then failed with "range not satisfiable … size 0" on a loaded CI machine). The
//     store now writes to a temp file, waits for it to close, and renames it into place (atomic).
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4569' },
    dir: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`s3rver.mjs: invalid --port ${values.port}`);
  process.exit(2);
}
if (!values.dir) {
  console.error('usage: node s3rver.mjs --port <port> --dir <directory>');
  process.exit(2);
}
const dir = path.resolve(values.dir);
fs.mkdirSync(dir, { recursive: true });

// s3rver keeps multipart uploads in <dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<partNumber>}
const UPLOADS = '._S3rver_uploads';
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const UPLOAD_ID_RE = /^[0-9a-f]{32}$/;
const uploadsDir = (bucket) => path.join(dir, bucket, UPLOADS);

const xmlEscape = (s) =>
  String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

function s3Error(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
}

async function bucketExists(bucket) {
  return BUCKET_RE.test(bucket) && (await fsp.stat(path.join(dir, bucket)).then((s) => s.isDirectory(), () => false));
}

/** The upload (key, initiated) if it exists, else null. */
async function readUpload(bucket, uploadId) {
  if (!UPLOAD_ID_RE.test(uploadId)) return null;
  const d = path.join(uploadsDir(bucket), uploadId);
  try {
    const [key, st] = await Promise.all([fsp.readFile(path.join(d, 'key'), 'utf8'), fsp.stat(d)]);
    return { key, uploadId, initiated: st.birthtime.getTime() ? st.birthtime : st.mtime, dir: d };
  } catch {
    return null;
  }
}

/** Splits a path-style request path into bucket and key ('' if none). */
function splitPath(p) {
  const m = /^\/([^/]+)(?:\/(.*))?$/.exec(p);
  if (!m) return null;
  return { bucket: m[1], key: m[2] ? decodeURIComponent(m[2]) : '' };
}

/** "bucket/key" → the tail of that key's queue of requests (patch 6). */
const keyQueues = new Map();
async function serialized(id, fn) {
  const prev = keyQueues.get(id) ?? Promise.resolve();
  let release;
  const mine = new Promise((r) => (release = r));
  const tail = prev.then(() => mine);
  keyQueues.set(id, tail);
  await prev;
  try {
    return await fn();
  } finally {
    release();
    if (keyQueues.get(id) === tail) keyQueues.delete(id);
  }
}

/** uploadId → part writes in progress; uploadIds aborted during this run. */
const inflightParts = new Map();
const aborted = new Set();

const patch = async (ctx, next) => {
  const where = splitPath(ctx.path);
  if (!where) return next();
  const { bucket, key } = where;

  // 1. ListMultipartUploads
  if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
    if (!(await bucketExists(bucket))) return s3Error(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
    const ids = await fsp.readdir(uploadsDir(bucket)).catch(() => []);
    const uploads = (await Promise.all(ids.map((id) => readUpload(bucket, id))))
      .filter((u) => u && u.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.uploadId < b.uploadId ? -1 : 1));
    const owner = '<ID>123456789000</ID><DisplayName>S3rver</DisplayName>';
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      `<Bucket>${xmlEscape(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
      `<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker><Prefix>${xmlEscape(prefix)}</Prefix>` +
      `<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
      uploads
        .map(
          (u) =>
            `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.uploadId}</UploadId><Initiator>${owner}</Initiator>` +
            `<Owner>${owner}</Owner><StorageClass>STANDARD</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
        )
        .join('') +
      '</ListMultipartUploadsResult>';
    return;
  }

  if (key && 'uploadId' in ctx.query) {
    const uploadId = String(ctx.query.uploadId);
    const upload = (await bucketExists(bucket)) ? await readUpload(bucket, uploadId) : null;
    const noSuchUpload = () =>
      s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    // 2. AbortMultipartUpload
    if (ctx.method === 'DELETE') {
      if (!upload || upload.key !== key) return noSuchUpload();
      aborted.add(uploadId);
      await Promise.allSettled(inflightParts.get(uploadId) ?? []);
      await fsp.rm(upload.dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    // 3. UploadPart / CompleteMultipartUpload of an unknown (e.g. aborted) upload
    if ((ctx.method === 'PUT' || ctx.method === 'POST') && (!upload || upload.key !== key || aborted.has(uploadId))) {
      ctx.req.resume(); // drain the body so the connection can be reused
      return noSuchUpload();
    }
    if (ctx.method === 'PUT') {
      const parts = inflightParts.get(uploadId) ?? new Set();
      inflightParts.set(uploadId, parts);
      const p = next();
      parts.add(p);
      try {
        return await p;
      } finally {
        parts.delete(p);
        if (parts.size === 0) inflightParts.delete(uploadId);
      }
    }
  }
  if (key && !('uploadId' in ctx.query && ctx.method === 'PUT')) return serialized(`${bucket}/${key}`, next);
  return next();
};

const server = new S3rver({ address: '127.0.0.1', port, directory: dir, silent: true });
server.middleware.unshift(patch);
if (values.verbose) {
  // --verbose: one stderr line per request (status as set by the handler), and the stack of any 5xx.
  server.middleware.unshift(async (ctx, next) => {
    const t = performance.now();
    try {
      await next();
    } finally {
      const line = `${ctx.method} ${ctx.url} range=${ctx.get('range') || '-'} → ${ctx.status} ${(performance.now() - t).toFixed(0)} ms`;
      process.stderr.write(`[s3rver] ${line}\n`);
    }
  });
  server.on('error', (err, ctx) => {
    if (!(err?.status < 500)) process.stderr.write(`[s3rver] error on ${ctx?.method} ${ctx?.url}: ${err?.stack ?? err}\n`);
  });
}

const store = server.store;

// 5. DeleteObject without pruning empty directories
store.deleteObject = async (bucket, key) => {
  await Promise.all(
    ['object', 'object.md5', 'metadata.json'].map((r) =>
      fsp.unlink(store.getResourcePath(bucket, key, r)).catch((err) => {
        if (err.code !== 'ENOENT') throw err;
      }),
    ),
  );
};

// 7. PutObject: complete and atomic before it is acknowledged
store.putObject = async (object) => {
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  await fsp.mkdir(path.dirname(objectPath), { recursive: true });
  const tmpPath = `${objectPath}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const md5 = crypto.createHash('md5');
  let size = 0;
  const body = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  try {
    await pipeline(
      body,
      new Transform({
        transform(chunk, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      fs.createWriteStream(tmpPath),
    );
    await fsp.rename(tmpPath, objectPath);
  } catch (err) {
    await fsp.unlink(tmpPath).catch(() => {});
    throw err;
  }
  const digest = md5.digest('hex');
  await store.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
};

// 4. Range end 0
const getObject = store.getObject.bind(store);
store.getObject = async (bucket, key, options) => {
  if (!options || options.end !== 0 || options.start) return getObject(bucket, key, options);
  const object = await getObject(bucket, key, { start: 0, end: 1 });
  if (object?.content && object.range) {
    object.content.destroy();
    object.content = fs.createReadStream(store.getResourcePath(bucket, key, 'object'), { start: 0, end: 0 });
    object.range = { start: 0, end: 0 };
  }
  return object;
};

const addr = await server.run();
process.stdout.write(`${JSON.stringify({ listening: `http://${addr.address}:${addr.port}` })}\n`);

let stopping = false;
async function stop() {
  if (stopping) process.exit(0); // second signal: do not wait
  stopping = true;
  const closed = server.close().catch(() => {});
  // Keep-alive sockets would hold close() for seconds: end the idle ones now, the rest shortly.
  server.httpServer.closeIdleConnections?.();
  const force = setTimeout(() => server.httpServer.closeAllConnections?.(), 500);
  await closed;
  clearTimeout(force);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
