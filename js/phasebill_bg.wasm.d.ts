// `import wasmUrl from "phasebill/phasebill_bg.wasm"`: what a bundler's file loader gives
// for the wasm file (e.g. esbuild `--loader:.wasm=file`, Vite `?url`), its URL, to pass to
// `init(new URL(wasmUrl, import.meta.url))`.
declare const wasmUrl: string;
export = wasmUrl;
