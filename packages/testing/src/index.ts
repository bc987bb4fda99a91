export * from './env.ts';
export * from './db.ts';
export * from './deps.ts';
export * from './server-process.ts';
export * from './trpc-client.ts';
export * from './tamper.ts';
export * from './documents.ts';
export * from './factories/index.ts';
