import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A throwaway self-signed P-256 certificate valid for one day, written as cert.pem and key.pem into
 * `dir` (openssl): `subject` e.g. `/CN=localhost`, `altNames` e.g. `DNS:localhost,IP:127.0.0.1`.
 */
export function selfSignedCertificate(
  dir: string,
  subject: string,
  altNames: string,
): { cert: Buffer; certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
      ...['-subj', subject, '-addext', `subjectAltName=${altNames}`, '-keyout', keyFile, '-out', certFile],
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certFile), certFile, keyFile };
}
