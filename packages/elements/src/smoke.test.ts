import { expect, test } from 'vitest';
test('runs in chromium', () => {
  expect(navigator.userAgent).toContain('Chrome');
});
