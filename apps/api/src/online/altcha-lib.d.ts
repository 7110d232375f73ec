// altcha-lib publishes its v2 API through package "exports" only; this project resolves types the
// node10 way, which reads no "exports". Same modules, named by their files.
declare module 'altcha-lib' {
  export * from 'altcha-lib/dist/cjs/v2/index';
}
declare module 'altcha-lib/algorithms/pbkdf2' {
  export * from 'altcha-lib/dist/cjs/v2/algorithms/pbkdf2';
}
