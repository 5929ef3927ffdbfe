// The browser host: the same services and the same contract as under Electron, carried over a
// WebSocket on 127.0.0.1 protected by a per-run secret, plus the built renderer served with the app's
// CSP. This is how the renderer runs where no Electron binary exists, and how e2e tests drive the stack.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Dispatcher } from '../bridge/dispatcher';
import type { EventBus } from '../bridge/events';
import { log } from '../log';
import { FRAME_PATH_PREFIX, PARSE_DOC_PATH, frameResponse, type MessageFrames } from '../frames/message-frames';
import { buildCsp, securityHeaders } from '../window/csp';
import { contentTypeFor } from '../window/mime';
import { BRIDGE_PROTOCOL, allowedHosts, checkUpgrade, newSecret } from './auth';

export interface HostOptions {
  dispatcher: Dispatcher;
  events: EventBus;
  rendererDir: string;
  /** The page-side bridge (preload equivalent), injected before the app bundle. */
  hostBridgeFile: string;
  /** Message documents served at /frame/<token> with their own CSP. */
  frames?: MessageFrames;
  port?: number;
  secret?: string;
}

export interface RunningHost {
  port: number;
  secret: string;
  /** URL to open: the secret travels in the fragment, never sent over HTTP. */
  url: string;
  connections(): number;
  close(): Promise<void>;
}

// Attachments travel base64 in call arguments (composer): room for a 50 MB message.
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

function resolveAsset(rendererDir: string, urlPath: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const rel = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, rel);
  return file.startsWith(root + path.sep) ? file : null;
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const secret = options.secret ?? newSecret();
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = http.createServer(async (req, res) => {
    const headers = securityHeaders(buildCsp({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }));
    if (!req.headers.host || !allowedHosts(port).has(req.headers.host)) {
      res.writeHead(403).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if ((req.url ?? '').startsWith(FRAME_PATH_PREFIX) || (req.url ?? '').split(/[?#]/)[0] === PARSE_DOC_PATH) {
      const doc = frameResponse(options.frames, req.url ?? '');
      if (!doc) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, doc.headers);
      res.end(req.method === 'HEAD' ? undefined : doc.data);
      return;
    }
    const file = req.url === '/host-bridge.js' ? options.hostBridgeFile : resolveAsset(options.rendererDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      let data = await fs.readFile(file);
      if (file.endsWith('index.html')) {
        // The page-side bridge (preload equivalent) must run before the app bundle.
        data = Buffer.from(
          data.toString('utf8').replace('<head>', '<head>\n    <script src="/host-bridge.js"></script>'),
        );
      }
      res.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(file), 'Content-Length': data.length });
      res.end(req.method === 'HEAD' ? undefined : data);
    } catch {
      res.writeHead(404).end();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => BRIDGE_PROTOCOL });
  server.on('upgrade', (req, socket, head) => {
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const decision = req.url === '/bridge'
      ? checkUpgrade({ host: req.headers.host, origin: req.headers.origin, protocols }, port, secret)
      : ({ ok: false, status: 400, reason: 'bad-path' } as const);
    if (!decision.ok) {
      log.warn('host.upgrade-refused', { reason: decision.reason });
      socket.end(`HTTP/1.1 ${decision.status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    const connectionId = crypto.randomUUID();
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (data) => {
      let msg: { t?: unknown; id?: unknown; name?: unknown; args?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        ws.close(1003, 'bad message');
        return;
      }
      if (msg.t !== 'call' || typeof msg.id !== 'number') {
        ws.close(1003, 'bad message');
        return;
      }
      const envelope = await options.dispatcher.dispatch({ sender: { kind: 'host', connectionId } }, msg.name, msg.args);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: msg.id, envelope }));
    });
  });

  const unsubscribe = options.events.subscribeAll((name, payload) => {
    const line = JSON.stringify({ t: 'event', name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(line);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    secret,
    url: `http://127.0.0.1:${port}/#k=${secret}`,
    connections: () => sockets.size,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
