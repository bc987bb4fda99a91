// What the integration global setup provides to every test file (vitest `inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
export {};
