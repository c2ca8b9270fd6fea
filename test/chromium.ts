/**
 * Debian's Chromium (apt-get install chromium), never a test tool's own download, and the flags every
 * suite launches it with: headless as root, and no background traffic to hosts this closed network refuses.
 */
export const chromiumPath = process.env.PRESENTLY_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
