/** A throwaway self-signed certificate for localhost (openssl), for the TLS tests and the nginx launcher. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Whether `openssl` can be run here. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `<name>.crt` and `<name>.key` into `dir`: RSA 2048, CN=localhost, valid `days`, for the subject
 * alternative names given (e.g. `DNS:localhost,IP:127.0.0.1`). Returns their paths.
 */
export function selfSignedCertificate(dir: string, { name = 'localhost', altNames = 'DNS:localhost', days = 1 } = {}) {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days), '-subj', '/CN=localhost'].concat([
      '-addext',
      `subjectAltName=${altNames}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]),
    { stdio: 'ignore' },
  );
  return { certPath, keyPath };
}
