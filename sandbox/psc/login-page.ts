// The interaction (login) pages of the sandbox PSC: an IdNat field and a choice between the CPS card
// and e-CPS. In the sandbox a "card" login simply accepts the IdNat of a person who has a card.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { personByIdNat } from '../config';
import { readParams, sendText } from '../node/http-util';
import { cardCertificate, isCardRequest } from './card-tls';
import type { AuthMode } from './claims';
import { escapeHtml, page, PSC_ACR, PSC_SCOPE, type PscSandbox } from './provider';

function loginForm(action: string, error?: string, idNat = '', method: 'card' | 'ecps' = 'ecps'): string {
  const err = error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : '';
  return page(
    'Connexion avec Pro Santé Connect',
    `${err}<form method="post" action="${escapeHtml(action)}">
<label for="idNat">Identifiant national (IdNat, RPPS ou ADELI)</label>
<input type="text" id="idNat" name="idNat" inputmode="numeric" autocomplete="username" required value="${escapeHtml(idNat)}">
<fieldset><legend>Moyen d'authentification</legend>
<label><input type="radio" name="method" value="card"${method === 'card' ? ' checked' : ''}> Carte CPS (lecteur de carte)</label>
<label><input type="radio" name="method" value="ecps"${method === 'ecps' ? ' checked' : ''}> e-CPS (application mobile)</label>
</fieldset>
<button type="submit">Se connecter</button>
</form>
<p><a href="${escapeHtml(action.replace(/\/login$/, '/abort'))}">Annuler</a></p>`,
  );
}

/** Handles GET <mount>/interaction/:uid, POST .../login, GET .../abort. Returns false if not an interaction URL. */
export async function handleInteraction(sandbox: PscSandbox, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const prefix = `${sandbox.mountPath}/interaction/`;
  if (!pathname.startsWith(prefix)) return false;
  const [uid, action] = pathname.slice(prefix.length).split('/');
  if (!uid) return false;
  const { provider } = sandbox;
  const html = 'text/html; charset=utf-8';
  const self = `${prefix}${uid}`;

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendText(res, 400, html, page('Session expirée', "<p>Cette demande de connexion a expiré ou n'existe plus. Relancez la connexion depuis votre logiciel.</p>"));
    return true;
  }
  if (details.uid !== uid) {
    sendText(res, 400, html, page('Erreur', '<p>Demande de connexion inconnue.</p>'));
    return true;
  }

  if (req.method === 'GET' && action === undefined) {
    if (details.prompt.name === 'login') {
      sendText(res, 200, html, loginForm(`${self}/login`), { 'cache-control': 'no-store' });
      return true;
    }
    // Consent (asked again for native clients with an existing session) is implicit for the sandbox client:
    // extend the session's grant, or make one.
    const accountId: string = details.session?.accountId;
    const person = personByIdNat(accountId);
    if (!person) {
      sendText(res, 200, html, loginForm(`${self}/login`));
      return true;
    }
    const scope: string = details.params.scope ?? PSC_SCOPE;
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    let grantId: string;
    if (existing && existing.accountId === person.idNat) {
      existing.addOIDCScope(scope);
      grantId = await existing.save();
    } else {
      grantId = await sandbox.createGrant(person.idNat, person.methods.includes('CARD') ? 'CARD' : 'MOBILE', scope, details.params.client_id);
    }
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return true;
  }

  if (req.method === 'GET' && action === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: "l'utilisateur a annulé la connexion" }, { mergeWithLastSubmission: false });
    return true;
  }

  if (req.method === 'POST' && action === 'login') {
    const form = await readParams(req);
    const idNat = (form.idNat ?? '').trim();
    const method = form.method === 'card' ? 'card' : 'ecps';
    const person = personByIdNat(idNat);
    const fail = (msg: string) => sendText(res, 400, html, loginForm(`${self}/login`, msg, idNat, method), { 'cache-control': 'no-store' });
    if (!person) {
      fail("Identifiant inconnu : vérifiez votre identifiant national (8 ou 0 suivi du numéro RPPS ou ADELI, ou structure / identifiant interne, par exemple 500000001815646/CPAT00045).");
      return true;
    }
    const mode: AuthMode = method === 'card' ? 'CARD' : 'MOBILE';
    let cardSerial: string | undefined;
    if (mode === 'CARD' && !(person.card && person.methods.includes('CARD'))) {
      fail("Aucune carte CPS n'est associée à cet identifiant. Utilisez l'e-CPS.");
      return true;
    }
    if (mode === 'CARD' && sandbox.options.cardTls !== 'off') {
      if (!isCardRequest(req)) {
        // Same form, re-posted (307 keeps method and body) to the listener that asks for the card certificate.
        res.writeHead(307, { location: `${sandbox.options.cardOrigin}${self}/login`, 'cache-control': 'no-store' });
        res.end();
        return true;
      }
      const cert = cardCertificate(req);
      if (cert.kind === 'rejected') {
        fail('Certificat de carte non reconnu (révoqué, expiré ou émis par une autre autorité). Vérifiez votre carte CPS.');
        return true;
      }
      if (cert.kind === 'none' && sandbox.options.cardTls === 'required') {
        fail('Aucune carte CPS détectée : insérez votre carte dans le lecteur, puis réessayez.');
        return true;
      }
      if (cert.kind === 'ok' && cert.idNat !== person.idNat) {
        fail("La carte CPS insérée n'appartient pas à cet identifiant. Vérifiez l'identifiant ou la carte.");
        return true;
      }
      if (cert.kind === 'ok') cardSerial = cert.serial;
    }
    if (mode === 'MOBILE' && !person.methods.includes('MOBILE')) {
      fail("Aucune e-CPS n'est activée pour cet identifiant. Utilisez votre carte CPS.");
      return true;
    }
    const grantId = await sandbox.createGrant(person.idNat, mode, details.params.scope ?? PSC_SCOPE, details.params.client_id);
    await provider.interactionFinished(
      req,
      res,
      {
        login: { accountId: person.idNat, acr: PSC_ACR, amr: mode === 'CARD' ? ['hwk', 'pin'] : ['swk', 'mfa'], remember: true },
        consent: { grantId },
      },
      { mergeWithLastSubmission: false },
    );
    sandbox.options.log(`psc login completed (${mode}${cardSerial ? `, card certificate serial ${cardSerial}` : ''})`);
    return true;
  }

  sendText(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
  return true;
}
