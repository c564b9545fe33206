// After navigating to /send?phone=&text=: waits for the chat's compose box (holding our text)
// or the invalid-number dialog. Marks the outgoing bubbles already there, so the wait for the
// sent state only looks at the bubble our Enter creates.
var S = arguments[0], text = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var start = Date.now();
var composeSince = 0;
// The chat's outgoing bubbles with our text: how many, and the tick of the newest. A retry
// compares them with the count before its earlier Enter, to see whether that attempt went.
function history(bubbles) {
  var count = 0, tick = null;
  bubbles.forEach(function (b) {
    if (wa.holds(b, text)) { count++; tick = wa.tickState(S, b); }
  });
  var newest = bubbles.length ? bubbles[bubbles.length - 1] : null;
  return { matching: count, matchingTick: tick,
           newestIsOurs: !!newest && wa.holds(newest, text), newestTick: newest ? wa.tickState(S, newest) : null };
}
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
      if (current === text || (composeSince && Date.now() - composeSince > 800)) {
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
        var bubbles = wa.all(document, S.outgoing_message);
        bubbles.forEach(function (b) { known.add(b); });
        return done({ outcome: 'compose', box: box, text: current, history: history(bubbles) });
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
