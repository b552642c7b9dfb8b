import { connect, createServer, type Server, type Socket } from 'node:net';

/** The simple-query message that node-postgres sends to commit: 'Q', its length (4 + 7), "COMMIT\0". */
const COMMIT = Buffer.from('Q\0\0\0\x0bCOMMIT\0', 'latin1');

type Cut = { marker: Buffer; at: 'commit' | 'statement'; thenDown: boolean; done: () => void };

/**
 * A TCP proxy in front of PostgreSQL that drops a connection at a chosen moment of the transaction
 * that sends `marker` (a value of one of its statements): at that statement, before the server has
 * it ("statement"), or once the server has answered its COMMIT, before the client hears of it
 * ("commit": the server committed, the client cannot know). While `down`, it refuses connections.
 */
export class CuttingProxy {
  down = false;
  private cut: Cut | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(target: string): Promise<CuttingProxy> {
    const { hostname, port } = new URL(target);
    const server = createServer();
    const proxy = new CuttingProxy(server);
    server.on('connection', (client) => proxy.relay(client, hostname, Number(port || 5432)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `url` with the proxy's address in place of the server's. */
  via(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((this.server.address() as { port: number }).port);
    return proxied.toString();
  }

  /**
   * Resolves once the connection of the next transaction sending `marker` has been dropped there;
   * with `thenDown`, every other connection with it, and the proxy is `down` until told otherwise.
   */
  cutAt(at: Cut['at'], marker: string, { thenDown = false } = {}): Promise<void> {
    return new Promise((done) => (this.cut = { marker: Buffer.from(marker), at, thenDown, done }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket, host: string, port: number): void {
    if (this.down) return void client.destroy();
    const server = connect(port, host);
    let marked: Cut | null = null;
    let silenced = false;
    const drop = () => {
      client.destroy();
      server.destroy();
      if (marked?.thenDown) {
        this.down = true;
        for (const socket of this.sockets) socket.destroy();
      }
      marked?.done();
    };
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('error', drop);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (silenced) return;
      if (this.cut && chunk.includes(this.cut.marker)) [marked, this.cut] = [this.cut, null];
      if (marked?.at === 'statement') return drop();
      if (marked?.at === 'commit' && chunk.includes(COMMIT)) {
        // The server's answer to the COMMIT goes nowhere: the connection is dropped once it comes.
        silenced = true;
        server.once('data', drop);
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (!silenced) client.write(chunk);
    });
  }
}
