// Short terms-of-use page of the sandbox operator (a co-holder or delegate accepts them before first use).
export const CGU_HTML = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Conditions générales d'utilisation – Opérateur MSSanté de test</title></head>
<body>
<h1>Conditions générales d'utilisation</h1>
<p><strong>Opérateur MSSanté de test</strong> (domaine test.mssante.fr) — bac à sable, sans donnée réelle.</p>
<ol>
<li>Le service de messagerie est réservé aux professionnels habilités et à leurs délégataires.</li>
<li>Le titulaire d'une boîte aux lettres désigne et retire ses délégataires ; l'opérateur conserve l'historique des délégations.</li>
<li>Chaque utilisateur s'authentifie personnellement (Pro Santé Connect, carte CPS ou e-CPS) et ne partage pas ses moyens d'authentification.</li>
<li>Les messages traités doivent être archivés par le logiciel du professionnel : l'opérateur n'a pas vocation à les conserver durablement.</li>
<li>Les traces d'accès (qui, quand, sur quelle boîte) sont conservées conformément à la réglementation.</li>
</ol>
<p>En utilisant ce service vous acceptez ces conditions.</p>
</body></html>
`;
