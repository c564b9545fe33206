// After navigating to /send?phone=&text=: waits for the chat's compose box (holding our text)
// or the invalid-number dialog. A fresh document: every view on it appeared after our action.
var S = arguments[0], text = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var composeSince = 0;
wa.poll(done, 15, timeoutMs, function (finish) {
  var modal = wa.first(document, S.invalid_number);
  if (modal) {
    var ok = wa.first(modal, S.modal_ok_button);
    if (ok) ok.click();
    return finish({ outcome: 'invalid' });
  }
  var box = wa.first(document, S.compose_box);
  if (box) {
    var current = wa.textOf(box);
    // The prefill arrives with the chat; give a slow one a moment before typing ourselves.
    if (wa.sameText(current, text) || (composeSince && Date.now() - composeSince > 800)) {
      wa.focusEnd(box);
      return finish({ outcome: 'compose', text: current });
    }
    if (!composeSince) composeSince = Date.now();
  } else if (wa.first(document, S.use_here_button)) {
    return finish({ outcome: 'taken_over' });
  } else if (!wa.first(document, S.logged_in)) {
    // Same order as probe.js: these screens count only without the chat list.
    if (wa.first(document, S.qr_canvas)) return finish({ outcome: 'qr' });
    if (wa.first(document, S.taken_over)) return finish({ outcome: 'taken_over' });
  }
}, function () {
  var seen = [];
  if (wa.first(document, S.loading)) seen.push('loading screen');
  if (wa.first(document, S.logged_in)) seen.push('chat list');
  if (wa.first(document, S.rate_limited)) seen.push('HTTP 429 page');
  return { outcome: 'timeout', seen: seen.join(', ') || 'nothing known', title: document.title };
});
