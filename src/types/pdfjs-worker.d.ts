/** pdf.js's worker module, loaded into the main thread (pdf.js looks for it as `globalThis.pdfjsWorker`). */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
