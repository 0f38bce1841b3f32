// electron-builder configuration: `electron-builder --config build/electron-builder.config.mjs`.
// The app ships only what `npm run build` wrote to out/ (main and preload bundles with every
// dependency inlined, the renderer, the icons) plus package.json: no sources, tests or
// node_modules. Installer icons come from build/generated/ (scripts/icons.ts). The product's
// name and ids come from shared/product.json, which the app itself reads through shared/product.ts.
import { readFileSync } from 'node:fs';

const product = JSON.parse(
  readFileSync(new URL('../shared/product.json', import.meta.url), 'utf8'),
);

// Releases (and electron-updater's feed, written into the app as app-update.yml) live on the
// repository that builds them; GitHub Actions names it in GITHUB_REPOSITORY.
const [owner, repo] = (
  process.env.GITHUB_REPOSITORY ?? 'crosstrade-mcp-monitor/crosstrade-mcp-monitor'
).split('/');

/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId: product.appId,
  productName: product.productName,
  executableName: product.executableName,
  copyright: `${product.productName} contributors`,
  directories: { output: 'release', buildResources: 'build/generated' },
  // The doctor's bundle and single executable (out/cli, out/sea) ship separately, not in the app.
  files: [
    'package.json',
    'out/**/*',
    '!out/**/*.map',
    '!out/cli/**',
    '!out/sea/**',
    '!**/node_modules/**',
  ],
  // The built main bundle, whatever package.json's `main` says during development.
  extraMetadata: { main: 'out/main/main.cjs' },
  asar: true,
  // ps-list's Windows helper must be a real file to be executed.
  asarUnpack: ['out/main/vendor/**'],
  // Everything is bundled: nothing to install or rebuild in the app.
  npmRebuild: false,
  nodeGypRebuild: false,
  includePdb: false,
  // A draft release: a maintainer reads it over before traders' apps see it.
  publish: { provider: 'github', owner, repo, releaseType: 'draft' },
  win: {
    target: ['nsis'],
    icon: 'build/generated/icon.ico',
    // Sign every .exe packed, ps-list's unpacked fastlist helper included: an unsigned helper
    // launched by a signed app is what antivirus flags. Signing itself happens only when
    // CSC_LINK is set (the release workflow sets it from secrets).
    signExts: ['.exe'],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: product.productName,
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.finance',
    icon: 'build/generated/icon.png',
    // A tray (menu bar) app: no Dock icon, no app menu.
    extendInfo: { LSUIElement: true },
  },
  dmg: { title: product.productName },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Finance',
    icon: 'build/generated/icon.png',
    synopsis: 'Watches the CrossTrade MCP chain from the tray',
    description:
      'Tray app that watches the CrossTrade MCP chain (server, token, NinjaTrader 8 add-on) and tells a trader what broke and how to fix it.',
  },
  deb: { priority: 'optional' },
};

export default config;
