/// <reference types="vite/client" />

declare module 'virtual:locale-meta' {
  /** Each locale file's meta, by language code (electron.vite.config.ts). */
  const metas: Record<string, { languageName: string; direction: 'ltr' | 'rtl'; reviewStatus: 'reviewed' | 'draft' }>;
  export default metas;
}
