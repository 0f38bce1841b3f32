// Runs the BUILT main bundle (out/main/main.cjs, CommonJS, `electron` left external) in this
// process with `require('electron')` answered by a stand-in. No global hook: the bundle is
// compiled as its own CommonJS module whose `require` knows the stand-in, so two copies of the
// app (a second instance) can run side by side, each with its own `electron`, and nothing leaks
// into other tests. Every other `require` is Node's own, resolved from the bundle's folder.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';

/** The parts of Node's CommonJS loader used here; not in @types/node. */
interface CommonJsModule {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: unknown;
  require(id: string): unknown;
  _compile(source: string, filename: string): void;
}
interface CommonJsLoader {
  new (id: string, parent?: unknown): CommonJsModule;
  _nodeModulePaths(from: string): string[];
  prototype: CommonJsModule;
}

/** Compiles and runs `mainPath` (main() runs at once); returns its exports. */
export function loadBuiltMain(mainPath: string, electron: unknown): unknown {
  const Loader = Module as unknown as CommonJsLoader;
  const mod = new Loader(mainPath);
  mod.filename = mainPath;
  mod.paths = Loader._nodeModulePaths(dirname(mainPath));
  // Node's wrapper `require` calls `module.require`: answer `electron` here, defer the rest.
  mod.require = (id: string): unknown =>
    id === 'electron' ? electron : Loader.prototype.require.call(mod, id);
  mod._compile(readFileSync(mainPath, 'utf8'), mainPath);
  mod.loaded = true;
  return mod.exports;
}
