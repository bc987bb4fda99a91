export * from './errors.ts';
export * from './credit-code.ts';
export * from './roles.ts';
export * from './procedure/index.ts';
export * from './calendar/index.ts';
