// Pure logic of the composer: recipients, sizes and limits, plain-text alternative.
import { describe, expect, it } from 'vitest';
import {
  formatRecipient, isMssanteDomain, isPatientAddress, isValidAddress, parseRecipient, parseRecipientList, splitRecipientList,
} from '../../../shared/addresses';
import {
  PATIENT_LIMIT_BYTES, applicableLimit, base64DecodedSize, base64EncodedSize, estimateMessageBytes, isXdmPackageName, utf8Length,
} from '../../../renderer/src/features/compose/size';
import { decodeEntities, htmlToText, textToHtml } from '../../../shared/html-text';

describe('recipients', () => {
  it('parses bare addresses and "Nom <adresse>"', () => {
    expect(parseRecipient('  alice.martin@test.mssante.fr ')).toEqual({ name: null, address: 'alice.martin@test.mssante.fr', key: 'alice.martin@test.mssante.fr', valid: true });
    expect(parseRecipient('Dr Alice MARTIN <Alice.Martin@test.mssante.fr>')).toMatchObject({ name: 'Dr Alice MARTIN', address: 'Alice.Martin@test.mssante.fr', key: 'alice.martin@test.mssante.fr', valid: true });
    expect(parseRecipient('"MARTIN, Alice" <a@b.fr>')).toMatchObject({ name: 'MARTIN, Alice', address: 'a@b.fr' });
    expect(parseRecipient('<a@b.fr>')).toMatchObject({ name: null, address: 'a@b.fr' });
    expect(parseRecipient('mailto:a@b.fr')?.address).toBe('a@b.fr');
    expect(parseRecipient('   ')).toBeNull();
  });
  it('flags invalid addresses instead of dropping them', () => {
    expect(parseRecipient('alice')?.valid).toBe(false);
    expect(parseRecipient('a@b')?.valid).toBe(false);
    expect(parseRecipient('a b@c.fr')?.valid).toBe(false);
    expect(parseRecipient('Nom <pas-une-adresse>')).toMatchObject({ valid: false, name: 'Nom' });
    expect(isValidAddress('x@-bad.fr')).toBe(false);
    expect(isValidAddress('2750312345678@patient.mssante.fr')).toBe(true);
  });
  it('splits lists on , ; and new lines, not inside quotes or brackets, and deduplicates', () => {
    expect(splitRecipientList('a@b.fr, "MARTIN, Alice" <c@d.fr>; e@f.fr\nG <g@h.fr>,,')).toEqual(['a@b.fr', '"MARTIN, Alice" <c@d.fr>', 'e@f.fr', 'G <g@h.fr>']);
    const existing = parseRecipientList('a@b.fr');
    const list = parseRecipientList('A@B.fr; x@y.fr; X@Y.FR; Nom <z@w.fr>', existing);
    expect(list.map((r) => r.address)).toEqual(['x@y.fr', 'z@w.fr']);
  });
  it('formats for the wire, quoting names with specials', () => {
    expect(formatRecipient({ name: null, address: 'a@b.fr' })).toBe('a@b.fr');
    expect(formatRecipient({ name: 'Dr Alice MARTIN', address: 'a@b.fr' })).toBe('Dr Alice MARTIN <a@b.fr>');
    expect(formatRecipient({ name: 'MARTIN, Alice', address: 'a@b.fr' })).toBe('"MARTIN, Alice" <a@b.fr>');
    expect(parseRecipient(formatRecipient({ name: 'Le "Dr" X', address: 'a@b.fr' }))).toMatchObject({ name: 'Le "Dr" X', address: 'a@b.fr' });
  });
  it('detects patient addresses and the MSSanté space', () => {
    expect(isPatientAddress('2750312345678@patient.mssante.fr')).toBe(true);
    expect(isPatientAddress('2750312345678@PATIENT.MSSANTE.FR')).toBe(true);
    expect(isPatientAddress('alice@test.mssante.fr')).toBe(false);
    expect(isPatientAddress('x@patient.mssante.fr.evil.com')).toBe(false);
    expect(isPatientAddress('patient.mssante.fr')).toBe(false);
    expect(isMssanteDomain('a@test.mssante.fr')).toBe(true);
    expect(isMssanteDomain('a@mssante.fr')).toBe(true);
    expect(isMssanteDomain('a@gmail.com')).toBe(false);
    expect(isMssanteDomain('a@notmssante.fr')).toBe(false);
  });
});

describe('sizes and limits', () => {
  it('decodes base64 lengths with padding', () => {
    expect(base64DecodedSize('')).toBe(0);
    expect(base64DecodedSize(btoa('a'))).toBe(1);
    expect(base64DecodedSize(btoa('ab'))).toBe(2);
    expect(base64DecodedSize(btoa('abc'))).toBe(3);
    expect(base64DecodedSize(btoa('x'.repeat(1000)))).toBe(1000);
    expect(base64DecodedSize('YWJj\r\nZA==')).toBe(4);
  });
  it('counts base64 overhead with line breaks (≈ +37 %)', () => {
    expect(base64EncodedSize(0)).toBe(0);
    expect(base64EncodedSize(3)).toBe(4 + 2);
    expect(base64EncodedSize(57)).toBe(76 + 2);
    expect(base64EncodedSize(58)).toBe(80 + 4);
    const mb = base64EncodedSize(1_000_000);
    expect(mb / 1_000_000).toBeGreaterThan(1.35);
    expect(mb / 1_000_000).toBeLessThan(1.37);
  });
  it('estimates a whole message: an 18.5 MB file goes over the 25 MB patient limit once encoded', () => {
    const est = estimateMessageBytes({ html: '<p>Bonjour</p>', text: 'Bonjour', attachmentBytes: [18_500_000] });
    expect(est).toBeGreaterThan(PATIENT_LIMIT_BYTES);
    expect(estimateMessageBytes({ html: '', text: '', attachmentBytes: [17_000_000] })).toBeLessThan(PATIENT_LIMIT_BYTES);
    expect(estimateMessageBytes({ html: 'é', text: '', attachmentBytes: [] })).toBeGreaterThan(estimateMessageBytes({ html: 'e', text: '', attachmentBytes: [] }));
  });
  it('applies 25 MB towards patients, the operator limit otherwise', () => {
    expect(applicableLimit(50_000_000, true)).toEqual({ bytes: PATIENT_LIMIT_BYTES, reason: 'patient' });
    expect(applicableLimit(50_000_000, false)).toEqual({ bytes: 50_000_000, reason: 'operator' });
    expect(applicableLimit(10_000_000, true)).toEqual({ bytes: 10_000_000, reason: 'operator' });
  });
  it('counts UTF-8 bytes and recognises the XDM package name', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(isXdmPackageName('IHE_XDM.zip')).toBe(true);
    expect(isXdmPackageName('ihe_xdm.ZIP')).toBe(true);
    expect(isXdmPackageName('IHE_XDM (1).zip')).toBe(false);
  });
});

describe('plain-text alternative', () => {
  it('turns paragraphs, line breaks and formatting into text', () => {
    expect(htmlToText('<p>Bonjour <b>Docteur</b>,</p><p>Ligne 1<br>Ligne 2</p>')).toBe('Bonjour Docteur,\nLigne 1\nLigne 2');
    expect(htmlToText('<div>Un</div><div>Deux</div>')).toBe('Un\nDeux');
    expect(htmlToText('  <p>  espaces   \n multiples </p>')).toBe('espaces multiples');
  });
  it('renders lists, links and entities', () => {
    expect(htmlToText('<ul><li>Un</li><li>Deux</li></ul>')).toBe('- Un\n- Deux');
    expect(htmlToText('<ol><li>Un</li><li>Deux</li></ol>')).toBe('1. Un\n2. Deux');
    expect(htmlToText('<p>Voir <a href="https://ex.fr/a">le protocole</a>.</p>')).toBe('Voir le protocole (https://ex.fr/a).');
    expect(htmlToText('<a href="https://ex.fr">https://ex.fr</a>')).toBe('https://ex.fr');
    expect(htmlToText('<p>T&eacute;l. &lt;06&gt; &amp; &#233;t&#xE9;&nbsp;ok</p>')).toBe('Tél. <06> & été ok');
    expect(decodeEntities('&unknown;')).toBe('&unknown;');
  });
  it('quotes blockquotes and drops scripts and styles', () => {
    expect(htmlToText('<p>Merci.</p><blockquote><p>Question ?</p><p>Suite</p></blockquote>')).toBe('Merci.\n> Question ?\n> Suite');
    expect(htmlToText('<style>p{}</style><script>alert(1)</script><p>ok</p>')).toBe('ok');
  });
  it('text → HTML escapes and keeps paragraphs', () => {
    expect(textToHtml('a < b\nc\n\nd')).toBe('<p>a &lt; b<br>c</p><p>d</p>');
  });
});

describe('XDM dates', () => {
  it('reads HL7 and ISO dates and shows them in French', async () => {
    const { formatXdmDate, parseXdmDate } = await import('../../../renderer/src/features/xdm/format');
    expect(formatXdmDate('19750312', 'fr')).toBe('12/03/1975');
    expect(formatXdmDate('20261120143000+0100', 'fr')).toBe('20/11/2026');
    expect(formatXdmDate('1975-03-12', 'fr')).toBe('12/03/1975');
    expect(parseXdmDate('pas une date')).toBeNull();
    expect(formatXdmDate('pas une date', 'fr')).toBe('pas une date');
  });
});
