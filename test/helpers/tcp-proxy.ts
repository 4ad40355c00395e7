import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the real store that can lose one reply on the way back: the store does
 * the work, the service never hears of it (a connection cut between the store's answer and ours).
 */
export interface LossyProxy {
  port: number;
  /**
   * Arms the proxy: the next request whose bytes contain `marker` goes through, and the reply to it
   * is thrown away with both connections cut. Resolves once that happened.
   */
  loseReplyTo(marker: Buffer): Promise<void>;
  /**
   * Arms the proxy: the next request whose bytes contain `marker` (and all after it on that
   * connection) never reaches the store. Resolves once it was held back: the moment to kill the service.
   */
  holdRequest(marker: Buffer): Promise<void>;
  /**
   * Arms the proxy: the next request whose bytes contain `marker` never reaches the store, and its
   * connection is cut (the store went away mid-write: the write is lost). Resolves once it was cut.
   */
  dropRequest(marker: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function startLossyProxy(target: { host: string; port: number }): Promise<LossyProxy> {
  let armed: { marker: Buffer; lost: () => void } | undefined;
  let holding: { marker: Buffer; held: () => void } | undefined;
  let dropping: { marker: Buffer; dropped: () => void } | undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    let loseNext: (() => void) | undefined;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', cut);
    }
    let held = false;
    client.on('data', (chunk: Buffer) => {
      if (holding && chunk.includes(holding.marker)) {
        held = true;
        holding.held();
        holding = undefined;
      }
      if (held) return;
      if (dropping && chunk.includes(dropping.marker)) {
        const { dropped } = dropping;
        dropping = undefined;
        cut();
        return void dropped();
      }
      if (armed && chunk.includes(armed.marker)) {
        loseNext = armed.lost;
        armed = undefined;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!loseNext) return void client.write(chunk);
      cut();
      loseNext();
    });
    client.on('close', cut);
    upstream.on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    loseReplyTo: (marker) => new Promise((lost) => (armed = { marker, lost })),
    holdRequest: (marker) => new Promise((held) => (holding = { marker, held })),
    dropRequest: (marker) => new Promise((dropped) => (dropping = { marker, dropped })),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The bytes that open a MongoDB `insert` command on `collection` (BSON: string element "insert"). */
export function insertCommandMarker(collection: string): Buffer {
  const name = Buffer.from(`${collection}\0`);
  const length = Buffer.alloc(4);
  length.writeInt32LE(name.length);
  return Buffer.concat([Buffer.from([0x02]), Buffer.from('insert\0'), length, name]);
}
