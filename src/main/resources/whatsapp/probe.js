// What the page shows now; the session state is derived from this in Java.
var S = arguments[0];
var wantImage = arguments[1];
var r = { screen: 'unknown', qrRef: null, qrImage: null, hasSession: false, loggedOutBefore: false,
          url: location.href, title: document.title };
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
} else if (wa.first(document, S.taken_over)) {
  r.screen = 'taken_over';
} else if (wa.first(document, S.rate_limited)) {
  r.screen = 'rate_limited';
} else if (wa.first(document, S.loading)) {
  r.screen = 'loading';
}
return r;
