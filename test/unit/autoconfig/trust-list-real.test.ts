// The parser on ANS's own files (../shared/data/trust-list/), not on look-alikes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  isDomainTrusted, loadOfficialTrustList, officialTrustListFile, parseTrustList, sha256Hex, trustListInfo, trustListLabel,
} from '../../../main/autoconfig/trust-list';
import { closeUnterminatedRoot, parseTrustListXml } from '../../../main/autoconfig/trust-list-xml';
import { TRUST_LIST_FULL, TRUST_LIST_SHORT, TRUST_LIST_SHORT_CHECKSUM, sharedData } from '../../shared-data';

const full = fs.readFileSync(sharedData('trust-list', TRUST_LIST_FULL));
const short = fs.readFileSync(sharedData('trust-list', TRUST_LIST_SHORT));
const noms = (xml: Buffer) => [...xml.toString('utf8').matchAll(/<Nom>([^<]*)<\/Nom>/g)].map((m) => m[1]!);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mss-trust-real-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the official trust list, as ANS publishes it', () => {
  it('is published without its closing root tag (the one defect the parser accepts)', () => {
    expect(full.toString('utf8')).not.toContain('</ListeBlancheMSSante>');
    expect(full.toString('utf8').trimEnd().endsWith('</ListeDomaines>')).toBe(true);
  });

  it('full file: 6,554 entries, 5,002 distinct domains, 392 operator certificates, every Nom found', () => {
    const parsed = parseTrustListXml(full);
    expect(parsed.generatedAt).toBe('2025-03-13T14:54:10Z');
    expect(parsed.entries).toHaveLength(6554);
    expect(new Set(parsed.entries.map((e) => e.operatorDn)).size).toBe(392);
    const list = parseTrustList(full, 'official');
    expect(list.domains.size).toBe(5002);
    const all = noms(full);
    expect(all).toHaveLength(6554);
    for (const nom of all) expect(list.domains.has(nom.toLowerCase())).toBe(true);
    for (const d of ['medecin.mssante.fr', 'UC-CMP.mssante.fr', 'mssante.apicrypt.org']) expect(isDomainTrusted(d, list, false)).toBe(true);
    expect(isDomainTrusted('uc-cmp.MSSANTE.fr.', list, false)).toBe(true);
    expect(isDomainTrusted('gmail.com', list, false)).toBe(false);
  });

  it('says who runs a domain: Description and the O= of DNCertificatOperateur, SupportContact', () => {
    const list = parseTrustList(full, 'official');
    const info = trustListInfo('Medecin.MSSante.fr', list)!;
    expect(info.operators).toEqual(['CAPGEMINI TECHNOLOGY SERVICES']); // bus.mssante.fr and proxysmtp.mssante.fr, one operator
    expect(info.description).toBe('Domaine de messagerie Mailiz réservé aux PS medecins');
    expect(info.supportContacts[0]).toMatch(/monserviceclient\.mssante@esante\.gouv\.fr/);
    expect(trustListLabel(info)).toBe('medecin.mssante.fr — CAPGEMINI TECHNOLOGY SERVICES (Domaine de messagerie Mailiz réservé aux PS medecins)');
    expect(trustListInfo('UC-CMP.mssante.fr', list)!.domain).toBe('UC-CMP.mssante.fr');
    expect(trustListInfo('absent.example', list)).toBeNull();
  });

  it('short file: 619 entries, its SHA-256 is the one ANS publishes beside it', () => {
    const published = fs.readFileSync(sharedData('trust-list', TRUST_LIST_SHORT_CHECKSUM), 'utf8').trim().toLowerCase();
    expect(sha256Hex(short)).toBe(published);
    const parsed = parseTrustListXml(short);
    expect(parsed.entries).toHaveLength(619);
    const list = parseTrustList(short, 'official');
    expect(list.domains.size).toBe(new Set(noms(short).map((n) => n.toLowerCase())).size);
    for (const nom of noms(short)) expect(list.domains.has(nom.toLowerCase())).toBe(true);
  });

  it('reads the same with or without the closing tag', () => {
    const closed = Buffer.concat([full, Buffer.from('</ListeBlancheMSSante>\n')]);
    expect(parseTrustList(closed, 'official').domains.size).toBe(5002);
    expect(closeUnterminatedRoot(closed.toString('utf8'))).toBe(closed.toString('utf8'));
  });

  it('refuses every other damage with the French errors', () => {
    const text = full.toString('utf8');
    // Truncated inside an entry (a download cut short).
    const cut = text.slice(0, text.indexOf('<Nom>medecin.mssante.fr</Nom>') + 12);
    expect(() => parseTrustListXml(cut)).toThrow(/Liste de confiance MSSanté : le document XML est mal formé \(ligne \d+\)/);
    // Cut right after an entry: no </ListeDomaines>, not the published defect.
    const afterEntry = text.slice(0, text.lastIndexOf('</Domaine>') + 10);
    expect(() => parseTrustListXml(afterEntry)).toThrow(/mal formé/);
    // An entry left open before </ListeDomaines>.
    const open = text.replace('</Domaine>\n    </ListeDomaines>', '\n    </ListeDomaines>');
    expect(open).not.toBe(text);
    expect(() => parseTrustListXml(open)).toThrow(/mal formé/);
    expect(() => parseTrustListXml(text.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'))).toThrow(/DOCTYPE ou ENTITY, refusée/);
    expect(() => parseTrustListXml(Buffer.concat([full, Buffer.alloc(5 * 1024 * 1024, 0x20)]))).toThrow(/dépasse la taille maximale/);
    expect(() => parseTrustListXml(text.replace('xmlns="https://listeblanche.mssante.fr/schema"', 'xmlns="urn:other"'))).toThrow(/espace de noms/);
    expect(() => parseTrustListXml('<Liste xmlns="https://listeblanche.mssante.fr/schema"><ListeDomaines></ListeDomaines>')).toThrow(/mal formé/);
    expect(() => parseTrustListXml(text.replace(/<DateDeGeneration>[^<]*<\/DateDeGeneration>/, ''))).toThrow(/DateDeGeneration/);
    expect(() => parseTrustListXml('<ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema"><DateDeGeneration>2025-01-01T00:00:00Z</DateDeGeneration><ListeDomaines></ListeDomaines>')).toThrow(/aucun domaine/);
  });

  it('the app reads the official file through the data-dir resolver, its SHA-256 checked', () => {
    const { file } = officialTrustListFile();
    expect(path.resolve(file)).toBe(path.resolve(sharedData('trust-list', TRUST_LIST_FULL)));
    const list = loadOfficialTrustList();
    expect(list.origin).toBe('official');
    expect(list.generatedAt).toBe('2025-03-13T14:54:10Z');
    expect(list.domains.size).toBe(5002);
    // A copy that differs from the recorded fingerprint is refused.
    fs.writeFileSync(path.join(tmp, TRUST_LIST_FULL), Buffer.concat([full, Buffer.from('\n')]));
    expect(() => loadOfficialTrustList(tmp)).toThrow(/ne correspond pas à son empreinte SHA-256/);
  });
});
