// What the page shows now; the session state is derived from this in Java.
var S = arguments[0];
var wantImage = arguments[1];
var r = { screen: 'unknown', qrRef: null, qrImage: null, hasSession: false, loggedOutBefore: false,
          url: location.href, title: document.title, error: null };
// Chromium's own error page (DNS, connection refused, proxy): its URL is chrome-error://, and it
// names the network error ("ERR_CONNECTION_REFUSED"). An HTTP error page names no ERR_ code.
var errorCode = (function () {
  var shown = document.querySelector('#main-frame-error .error-code, .error-code');
  var m = ((shown && shown.textContent) || (document.body && document.body.innerText) || '').match(/(?:net::)?ERR_[A-Z0-9_]+/);
  return m ? 'net::' + m[0].replace(/^net::/, '') : null;
})();
if (location.protocol === 'chrome-error:' || (errorCode && document.getElementById('main-frame-error'))) {
  r.screen = 'unreachable';
  r.error = errorCode;
  return r;
}
try {
  r.hasSession = !!(localStorage.getItem('last-wid-md') || localStorage.getItem('WAToken2'));
  r.loggedOutBefore = !!localStorage.getItem('old-logout-cred');
} catch (e) { /* storage blocked: the screens still tell */ }
// Order matters: the chat list wins over a stray canvas, and the "open on another computer"
// words count only without the chat list (a message could quote them).
var canvas;
if (wa.first(document, S.use_here_button)) {
  r.screen = 'taken_over';
} else if (wa.first(document, S.logged_in)) {
  r.screen = 'logged_in';
} else if ((canvas = wa.first(document, S.qr_canvas))) {
  r.screen = 'qr';
  var holder = canvas.closest('[data-ref]');
  r.qrRef = holder ? holder.getAttribute('data-ref') : null;
  if (!r.qrRef && wantImage) {
    try { r.qrImage = canvas.toDataURL('image/png'); } catch (e) { /* tainted canvas */ }
  }
} else if (wa.first(document, S.phone_number_input) || wa.first(document, S.pairing_code) ||
           wa.first(document, S.pairing_expired)) {
  // The landing screen's "link with phone number" flow: still waiting to be linked.
  r.screen = 'pairing';
} else if (wa.first(document, S.taken_over)) {
  r.screen = 'taken_over';
} else if (wa.first(document, S.rate_limited)) {
  r.screen = 'rate_limited';
} else if (wa.first(document, S.loading)) {
  r.screen = 'loading';
}
return r;
