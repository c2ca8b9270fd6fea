import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { browserCommands } from './test/browser/commands.js';
import { extraCommands } from './test/browser/commands-extra.js';
import { tokenCommands } from './test/browser/commands-token.js';
import { chromiumArgs, chromiumPath as chromium } from './test/chromium.js';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'packages/core/src/**/*.test.ts',
            'packages/doctor/src/**/*.test.ts',
            'test/server/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/ssr/**/*.test.ts',
            'test/frameworks/**/*.test.ts',
            'test/docs/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          // The docs' locale screenshots are rewritten only on request (packages/elements/src/locales/screenshots.test.ts).
          provide: { updateScreenshots: Boolean(process.env.PRESENTLY_UPDATE_SCREENSHOTS) },
          include: ['packages/elements/src/**/*.test.ts', 'packages/react/src/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // One real Prosody for the project (inject('prosody')), and commands to drive peers and it.
          globalSetup: ['test/server/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromium, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            commands: { ...browserCommands, ...extraCommands, ...tokenCommands },
          },
        },
      },
      {
        // @presently/react's tests again on React 18 (react-18 / react-dom-18 are npm aliases of 18.3.1).
        resolve: {
          alias: [
            { find: /^react(\/.*)?$/, replacement: 'react-18$1' },
            { find: /^react-dom(\/.*)?$/, replacement: 'react-dom-18$1' },
          ],
        },
        test: {
          name: 'react18',
          include: ['packages/react/src/**/*.test.ts'],
          provide: { reactMajor: '18' },
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromium, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // One connection for all tabs (docs/sharing.md): presently.js pages in one Chromium context, a real
        // Prosody, the shared worker built next to presently.js (run after `pnpm run build`).
        test: {
          name: 'shared',
          environment: 'node',
          include: ['test/shared/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The documented server configs (docs/servers/) under Prosody 0.12 and 13, ejabberd 23.01 and
        // 24.12, and the two-node ejabberd cluster; only Prosody 0.12 with PRESENTLY_QUICK=1.
        test: {
          name: 'servers',
          environment: 'node',
          include: ['test/servers/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Long runs (test/long/): liveness's 10-minute no-false-positive run with PRESENTLY_LONG=1 (90 s
        // without). Started by scripts/test.sh in the background beside the other projects.
        test: {
          name: 'long',
          environment: 'node',
          include: ['test/long/**/*.test.ts'],
          hookTimeout: 120_000,
        },
      },
      {
        // Bundle-size budgets (bench/lib/bundle-size.ts): sizes are deterministic, so they are asserted; times never are.
        test: {
          name: 'size',
          environment: 'node',
          include: ['test/size/**/*.test.ts'],
          testTimeout: 240_000,
        },
      },
      {
        // What `pnpm publish` would ship (test/package/): packs every package after the build and checks the tarball.
        test: {
          name: 'package',
          environment: 'node',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // `npm run demo` end to end: its start-up in-process, three host apps in Debian's Chromium
        // (playwright), and the README screenshots (docs/screenshots/).
        test: {
          name: 'demo',
          environment: 'node',
          include: ['test/demo/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
