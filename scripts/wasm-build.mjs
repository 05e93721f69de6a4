// The one way this repository builds wasm, shared by the npm package (build-package.mjs)
// and the schedule builder (build-web.mjs): wasm-pack (cargo + wasm-bindgen, never
// downloading: wasm-bindgen-cli and wasm-pack come from scripts/setup.sh), then wasm-opt
// from the npm package `binaryen` (never Debian's, whose 108 corrupts wasm-bindgen output).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints a step title in bold. */
export function step(text) {
  console.log(`\n\x1b[1m==> ${text}\x1b[0m`);
}

/** Runs a command in the repository, its output shown; throws when it fails. */
export function run(cmd, args, env = {}) {
  const shown = Object.entries(env).map(([k, v]) => `${k}=${v} `).join("");
  console.log(`$ ${shown}${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status}`);
}

/** `wasm-pack build <crate> --release --target <target>` into `outDir` as `<outName>.js` and
 *  `<outName>_bg.wasm`, without package.json, types or .gitignore; `env` reaches cargo
 *  (e.g. `CARGO_PROFILE_RELEASE_OPT_LEVEL`). Each crate says `wasm-opt = false` in its
 *  `package.metadata.wasm-pack`, so wasm-pack never fetches wasm-opt: `wasmOpt` runs it. */
export function wasmPack({ crate, target, outDir, outName, features = [], env = {} }) {
  const args = ["build", crate, "--release", "--target", target, "--out-dir", outDir, "--out-name", outName,
    "--no-pack", "--no-typescript", "--no-gitignore"];
  if (features.length > 0) args.push("--", "--features", features.join(","));
  step(`wasm-pack build ${crate} --target ${target}${features.length ? ` (features ${features})` : ""}`);
  run("wasm-pack", args, env);
  return join(outDir, `${outName}_bg.wasm`);
}

/** The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept
 *  them. */
const FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];

/** wasm-opt in place: `-O3` by default (both builds are measured fastest so, and no smaller
 *  with -Os/-Oz); `extra` flags after it (e.g. `--converge`, `--strip-producers`). */
export function wasmOpt(file, extra = []) {
  const bin = join(root, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(bin)) throw new Error("node_modules/.bin/wasm-opt not found: run npm install");
  step(`wasm-opt -O3 ${extra.join(" ")} ${file.slice(root.length + 1)} (binaryen from npm)`);
  run(bin, ["-O3", ...extra, ...FEATURES, file, "-o", file]);
}
