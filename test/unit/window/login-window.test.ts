import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickCardCertificate } from '../../../main/window/client-certificate';
import { isLoopbackCallback } from '../../../main/window/login-navigation';

describe('PSC login window callback', () => {
  it('recognises the loopback callback only', () => {
    expect(isLoopbackCallback('http://127.0.0.1:1/callback')).toBe(true);
    for (const bad of ['http://evil.example/callback', 'http://127.0.0.1:5000/other', 'http://localhost:4000/callback', 'https://127.0.0.1:1/callback']) {
      expect(isLoopbackCallback(bad), bad).toBe(false);
    }
  });
});

describe('select-client-certificate', () => {
  function makeCert(cn: string): { pem: string; der: Buffer } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-cert-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-subj', `/CN=${cn}`, '-days', '2'], { stdio: 'ignore' });
    const pem = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    return { pem, der: new crypto.X509Certificate(pem).raw };
  }
  const card = makeCert('810001234567');
  const stranger = makeCert('810009876543');

  it('picks the inserted card certificate among others', () => {
    const offered = [{ data: stranger.pem, serialNumber: '01' }, { data: card.pem, serialNumber: '02' }];
    expect(pickCardCertificate(offered, card.der)?.serialNumber).toBe('02');
  });
  it('selects nothing without a card or without a match', () => {
    expect(pickCardCertificate([{ data: stranger.pem, serialNumber: '01' }], card.der)).toBeNull();
    expect(pickCardCertificate([{ data: card.pem, serialNumber: '02' }], null)).toBeNull();
  });
});
