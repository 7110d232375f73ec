// The CommonJS build of chinese-days, imported by path because Temporal's workflow bundler cannot
// parse the ES build the package advertises under "module". Same API as the package entry point.
declare module 'chinese-days/dist/index.min.js' {
  export * from 'chinese-days';
}
