// Debian's Chromium for web-test-runner (nothing may download a browser): the launcher every
// package's WTR config uses. CHROMIUM_PATH overrides /usr/bin/chromium.
import { playwrightLauncher } from '@web/test-runner-playwright';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const chromiumLauncher = () =>
  playwrightLauncher({
    product: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS },
  });
