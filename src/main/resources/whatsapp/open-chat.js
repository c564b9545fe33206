// After navigating to /send?phone=&text=: waits for the chat's compose box (holding our text)
// or the invalid-number dialog. Marks the outgoing bubbles already there, so the wait for the
// sent state only looks at the bubble our Enter creates.
var S = arguments[0], text = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var start = Date.now();
var composeSince = 0;
function tick() {
  try {
    var modal = wa.first(document, S.invalid_number);
    if (modal) {
      var ok = wa.first(modal, S.modal_ok_button);
      if (ok) ok.click();
      return done({ outcome: 'invalid' });
    }
    var box = wa.first(document, S.compose_box);
    if (box) {
      var current = wa.textOf(box);
      // The prefill arrives with the chat; give a slow one a moment before typing ourselves.
      if (wa.sameText(current, text) || (composeSince && Date.now() - composeSince > 800)) {
        // Enter is pressed next as a real key event, into the focused box with the caret at the end.
        if (document.activeElement !== box) {
          box.focus();
          var range = document.createRange();
          range.selectNodeContents(box);
          range.collapse(false);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        var known = wa.known();
        wa.all(document, S.outgoing_message).forEach(function (b) { known.add(b); });
        return done({ outcome: 'compose', text: current });
      }
      if (!composeSince) composeSince = Date.now();
    } else if (wa.first(document, S.use_here_button)) {
      return done({ outcome: 'taken_over' });
    } else if (!wa.first(document, S.logged_in)) {
      // Same order as probe.js: these screens count only without the chat list.
      if (wa.first(document, S.qr_canvas)) return done({ outcome: 'qr' });
      if (wa.first(document, S.taken_over)) return done({ outcome: 'taken_over' });
    }
    if (Date.now() - start > timeoutMs) {
      var seen = [];
      if (wa.first(document, S.loading)) seen.push('loading screen');
      if (wa.first(document, S.logged_in)) seen.push('chat list');
      if (wa.first(document, S.rate_limited)) seen.push('HTTP 429 page');
      return done({ outcome: 'timeout', seen: seen.join(', ') || 'nothing known', title: document.title });
    }
    setTimeout(tick, 15);
  } catch (e) {
    done({ outcome: 'error', message: String(e) });
  }
}
tick();
