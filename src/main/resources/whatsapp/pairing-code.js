// Asks the landing screen for a pairing code (whatsapp-web-facts.md, "Linking by phone number"):
// "Link with phone number instead", the whole "+<cc><number>" typed into the cleared field by the
// caller, "Next", then the 8 characters of data-link-code. One step per call: arguments[1] names it.
var S = arguments[0], step = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var start = Date.now();
var submitted = false;
function press(el) { (el.closest('[role="button"],button') || el).click(); }
function code() {
  var cells = wa.first(document, S.pairing_code);
  var holder = cells && (cells.hasAttribute('data-link-code') ? cells : cells.querySelector('[data-link-code]'));
  var raw = holder ? holder.getAttribute('data-link-code') : null;
  return raw ? raw.split(',').join('').trim() : null;
}
function screen() {
  if (wa.first(document, S.logged_in)) return 'logged_in';
  if (wa.first(document, S.use_here_button)) return 'taken_over';
  if (wa.first(document, S.pairing_expired)) return 'expired';
  if (code()) return 'code';
  if (wa.first(document, S.phone_number_input)) return 'phone';
  if (wa.first(document, S.link_with_phone)) return 'landing';
  if (wa.first(document, S.qr_canvas)) return 'landing';
  return 'other';
}
function tick() {
  try {
    var now = screen();
    if (step === 'look') return done({ screen: now, code: code() });
    if (step === 'open') {
      if (now === 'phone') return done({ screen: now });
      if (now === 'landing' || now === 'expired') {
        var hint = wa.first(document, now === 'expired' ? S.pairing_expired : S.link_with_phone);
        if (hint) press(hint);
      }
    } else if (step === 'submit') {
      var invalid = wa.first(document, S.pairing_invalid_phone);
      if (invalid) {
        var said = (invalid.textContent || '').trim();
        var ok = wa.first(invalid, S.modal_ok_button);
        if (ok) ok.click();
        return done({ screen: 'invalid', text: said });
      }
      if (now === 'code') return done({ screen: now, code: code() });
      if (!submitted) {
        var next = wa.first(document, S.pairing_next);
        if (next) { press(next); submitted = true; }
      }
    }
    if (Date.now() - start > timeoutMs) return done({ screen: 'timeout', seen: now });
    setTimeout(tick, 20);
  } catch (e) {
    done({ screen: 'error', message: String(e) });
  }
}
tick();
