import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const NON_ASCII = 'héllo wörld ✓ 日本語 🎞';

/** An HTTP origin on loopback for Polly to record; `stop()` makes every later request to it fail. */
export async function startOrigin(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url === '/text') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ greeting: NON_ASCII }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`echo ${request.method} ${request.url}: ${Buffer.concat(chunks).toString()}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
