export * from './flags.ts';
export * from './machine.ts';
export * from './project-fields.ts';
export * from './sections.ts';
export * from './availability.ts';
export * from './citations.ts';
export * from './steps.ts';
export * from './confidential-offers.ts';
