import { readFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer } from 'node:tls';

const PRIVATE_CA = new URL('../fixtures/tls/private-ca/', import.meta.url);

/** The private CA's PEM file (what `VBM_CA_FILE` names) and the server certificates it signed. */
export const PRIVATE_CA_FILE = new URL('ca.pem', PRIVATE_CA).pathname;
export type ServerCertificate = 'server' | 'wrong-name' | 'expired';

export interface TlsProxy {
  /** `https://127.0.0.1:{port}`, no path. */
  origin: string;
  close(): Promise<void>;
}

/**
 * TLS on 127.0.0.1 in front of a plain-HTTP origin (a simulator), with a certificate signed by
 * the private CA in test/fixtures/tls/private-ca: a backup server with an internal-CA certificate.
 */
export async function startTlsProxy(plainOrigin: string, certificate: ServerCertificate = 'server'): Promise<TlsProxy> {
  const plain = new URL(plainOrigin);
  const sockets = new Set<Socket>();
  const server = createServer(
    { cert: readFileSync(new URL(`${certificate}-cert.pem`, PRIVATE_CA)), key: readFileSync(new URL('server-key.pem', PRIVATE_CA)) },
    (socket) => {
      const upstream = connect(Number(plain.port), plain.hostname);
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
      upstream.on('close', () => sockets.delete(upstream));
    },
  );
  // A refused handshake is what the tests provoke; the client's error is the one asserted.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
