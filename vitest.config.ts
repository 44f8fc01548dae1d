import { defineConfig } from 'vitest/config';
import { BrowserSkipNotice } from './test/web/chromium.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', new BrowserSkipNotice()],
    testTimeout: 30_000,
  },
});
