import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between an office hub and the central, for the failures a flaky link
 * makes: `dropResponses(n)` lets the next n requests reach the central whole and then cuts the
 * connection before the answer gets back (the central stored the batch, the office never hears
 * so). `retarget(port)` follows a central restarted on another port; `pause()` refuses
 * connections like a central that is down.
 */
export interface TcpProxy {
  port: number;
  url: string;
  retarget(port: number): void;
  /**
   * The next n responses are cut before their first byte returns; with `onlyPath`, only responses
   * to requests for that path count (other traffic, such as configuration pulls, passes).
   */
  dropResponses(n: number, onlyPath?: string): void;
  pause(): void;
  resume(): void;
  stats: { connections: number; droppedResponses: number };
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let toDrop = 0;
  let dropPath: string | undefined;
  let paused = false;
  const sockets = new Set<Socket>();
  const stats = { connections: 0, droppedResponses: 0 };

  const server = net.createServer((client) => {
    if (paused) return void client.resetAndDestroy();
    stats.connections++;
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    // The request line last sent on this connection (one request at a time: no pipelining).
    let requestPath = '';
    client.on('data', (chunk: Buffer) => {
      const line = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD) (\S+) HTTP/.exec(chunk.subarray(0, 2048).toString('latin1'));
      if (line) requestPath = line[1]!;
      upstream.write(chunk);
    });
    client.on('end', () => upstream.end());
    client.on('close', () => upstream.destroy());
    // A reset, as a refused or broken connection looks to the office; a bare destroy this early can
    // leave the client's request waiting for its own timeout.
    upstream.on('close', () => client.resetAndDestroy());
    upstream.on('end', () => client.end());
    upstream.on('data', (chunk) => {
      // The request has been read and answered by the central: this is the moment a flaky link loses the answer.
      if (toDrop > 0 && (dropPath === undefined || requestPath.split('?')[0] === dropPath)) {
        toDrop--;
        stats.droppedResponses++;
        upstream.destroy();
        client.destroy();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    retarget(next) {
      target = next;
    },
    dropResponses(n, onlyPath) {
      toDrop += n;
      dropPath = onlyPath;
    },
    pause() {
      paused = true;
      for (const s of sockets) s.destroy();
    },
    resume() {
      paused = false;
    },
    stats,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
