// better-sqlite3-multiple-ciphers ships typings its package.json "exports" do not expose, so
// TypeScript cannot find them under "moduleResolution": "bundler". Its API is better-sqlite3's
// (plus key/rekey, used here only through PRAGMAs), so it is typed as better-sqlite3.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
