// Minimal structured logger. Health data rule: callers pass event names and non-sensitive fields only;
// fields whose names suggest secrets or content are dropped here as a second line of defence.
import fs from 'node:fs';
import path from 'node:path';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, string | number | boolean | null | undefined>;

const SENSITIVE_KEY = /token|secret|password|passwd|pin|puk|body|content|subject|html|text|authorization|cookie|key/i;
let sink: ((line: string) => void) | null = null;
let minLevel: Level = (process.env.MSS_LOG_LEVEL as Level | undefined) ?? 'info';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function configureLogFile(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'main.log');
  sink = (line) => fs.appendFileSync(file, line + '\n', { mode: 0o600 });
  return file;
}

export function setLogLevel(level: Level): void {
  minLevel = level;
}

export function sanitizeFields(fields: Fields = {}): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SENSITIVE_KEY.test(k) ? '[redacted]' : v;
  return out;
}

function write(level: Level, event: string, fields?: Fields): void {
  if (ORDER[level] < ORDER[minLevel]) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...sanitizeFields(fields) });
  if (sink) sink(line);
  else if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
}

export const log = {
  debug: (event: string, fields?: Fields) => write('debug', event, fields),
  info: (event: string, fields?: Fields) => write('info', event, fields),
  warn: (event: string, fields?: Fields) => write('warn', event, fields),
  error: (event: string, fields?: Fields) => write('error', event, fields),
};

/** Error description safe to log: class and code, never the message (it may quote server text or content). */
export function errorFields(err: unknown): Fields {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { errorName: err.name, errorCode: typeof code === 'string' || typeof code === 'number' ? code : undefined };
  }
  return { errorName: typeof err };
}
