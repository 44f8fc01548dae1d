// Connections as the listener accepts them, before HTTP: at most `max` open at once from one
// client address (0: no limit). One beyond is answered a fixed 503 once its request's headers
// have come, and closed; what it sends is read and dropped, so that it ends cleanly rather than
// in a reset. The address is the socket's peer:
// behind a proxy every connection comes from the proxy, so raise the cap or set it to 0 there.
import { createServer, type Server, type Socket } from 'node:net';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, PROBLEMS } from './problem.js';

/** A net server that hands each connection it accepts to `accept` (the HTTP server), within the cap. */
export function connectionLimiter(max: number, accept: (socket: Socket) => void): Server {
  const open = new Map<string, number>();
  const busy = rejection(max);
  return createServer((socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (max > 0 && count >= max) {
      refuse(socket, busy);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
    accept(socket);
  });
}

function refuse(socket: Socket, answer: string): void {
  socket.on('error', () => socket.destroy());
  socket.setTimeout(5000, () => socket.destroy());
  // The end of the headers may fall across two chunks: keep the last three bytes.
  let tail = '';
  const onData = (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    tail = text.slice(-3);
    if (!text.includes('\r\n\r\n')) return;
    socket.off('data', onData);
    socket.on('data', () => {}); // the rest (a body) is read and dropped
    socket.end(answer);
  };
  socket.on('data', onData);
}

function rejection(max: number): string {
  const body = JSON.stringify({
    type: `${PROBLEM_BASE}overloaded`,
    title: PROBLEMS.overloaded.title,
    status: 503,
    detail: `${max} connections are open from this address (MAX_CONNECTIONS_PER_CLIENT); close some or try again shortly`,
  });
  return [
    'HTTP/1.1 503 Service Unavailable',
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Retry-After: 1',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
