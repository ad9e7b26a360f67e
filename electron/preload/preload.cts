/** Preload: hands the dashboard a tiny read-only object; it never sees ipcRenderer or Node. */
// CommonJS (.cts) because sandboxed preloads run as classic scripts and cannot use `import`;
// the `import = require` form is what verbatimModuleSyntax allows in a CommonJS file.
import electron = require('electron');

/** What `window.switchyard` holds until the typed management contract replaces it. */
interface SwitchyardBridge {
  /** Switchyard's version, from package.json. */
  readonly version: string;
  readonly platform: NodeJS.Platform;
}

// A sandboxed preload cannot reach `app.getVersion()`; main passes it as a renderer argument
// (webPreferences.additionalArguments), and the sandbox's reduced `process` keeps argv.
const VERSION_FLAG = '--switchyard-version=';
const versionArg = process.argv.find((arg) => arg.startsWith(VERSION_FLAG));

const bridge: SwitchyardBridge = Object.freeze({
  version: versionArg === undefined ? 'unknown' : versionArg.slice(VERSION_FLAG.length),
  platform: process.platform,
});

electron.contextBridge.exposeInMainWorld('switchyard', bridge);
