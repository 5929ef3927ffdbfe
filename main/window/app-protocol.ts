// Electron only: the app:// scheme serving the renderer bundle with the strict CSP headers.
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { FRAME_PATH_PREFIX, PARSE_DOC_PATH, frameResponse, type MessageFrames } from '../frames/message-frames';
import { buildCsp, securityHeaders } from './csp';
import { APP_SCHEME, resolveAppAsset } from './guards';
import { contentTypeFor } from './mime';

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
  ]);
}

/** `frames` is given once the services exist (message documents at /frame/<token>, their own CSP). */
export function serveAppScheme(rendererDir: string, frames: () => MessageFrames | null): void {
  const headers = securityHeaders(buildCsp());
  protocol.handle(APP_SCHEME, async (request) => {
    const pathname = new URL(request.url).pathname;
    if (pathname.startsWith(FRAME_PATH_PREFIX) || pathname === PARSE_DOC_PATH) {
      const doc = frameResponse(frames(), pathname);
      return doc ? new Response(new Uint8Array(doc.data), { status: 200, headers: doc.headers }) : new Response('Not found', { status: 404 });
    }
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const data = await fs.readFile(file);
      return new Response(data, { status: 200, headers: { ...headers, 'Content-Type': contentTypeFor(file) } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
