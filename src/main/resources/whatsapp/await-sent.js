// After Enter: waits for the newest new outgoing bubble holding our text to show a tick.
// Answers 'unsent' early when no bubble appeared and the text is still in the compose box
// (Enter did not send; the caller then clicks the send button). At the deadline it says whether
// the compose box still holds the text: a box that let go of it means the page took the message.
var S = arguments[0], text = arguments[1], timeoutMs = arguments[2], unsentAfterMs = arguments[3];
var done = arguments[arguments.length - 1];
var start = Date.now();
var known = wa.known();
var opening = text.replace(/\s+/g, ' ').trim().slice(0, 40);
function boxHoldsText() {
  var box = wa.first(document, S.compose_box);
  return !!box && wa.sameText(wa.textOf(box), text);
}
function ours() {
  var bubbles = wa.all(document, S.outgoing_message);
  for (var i = bubbles.length - 1; i >= 0; i--) {
    if (!known.has(bubbles[i]) && wa.holds(bubbles[i], text)) return bubbles[i];
  }
  // A long text may be shown cut short ("Read more"): then the newest new bubble that starts
  // like ours, once the compose box has let go of the text.
  for (var j = bubbles.length - 1; j >= 0; j--) {
    if (known.has(bubbles[j])) continue;
    if (boxHoldsText()) return null;
    var shown = (bubbles[j].textContent || '').replace(/\s+/g, ' ').trim();
    return opening.length && shown.indexOf(opening) === 0 ? bubbles[j] : null;
  }
  return null;
}
// The message's key as the page gives it: the row's data-id (a bare id on 2026 pages,
// true_<chat>_<id> before), or its data-testid less "conv-msg-". Receipts match on it later.
function keyOf(bubble) {
  var row = bubble.closest('[data-id]');
  if (row) return row.getAttribute('data-id');
  row = bubble.closest('[data-testid^="conv-msg-"]');
  return row ? row.getAttribute('data-testid').slice('conv-msg-'.length) : null;
}
function tick() {
  try {
    var bubble = ours();
    var waited = Date.now() - start;
    if (bubble) {
      var state = wa.tickState(S, bubble);
      if (state === 'sent') return done({ outcome: state, id: keyOf(bubble) });
      if (state === 'failed') return done({ outcome: state });
      if (waited > timeoutMs) return done({ outcome: 'pending', icon: state });
    } else {
      if (unsentAfterMs >= 0 && waited > unsentAfterMs && boxHoldsText()) {
        return done({ outcome: 'unsent' });
      }
      if (waited > timeoutMs) {
        return done({ outcome: 'missing', boxHoldsText: boxHoldsText(),
                      qr: !!wa.first(document, S.qr_canvas) });
      }
    }
    setTimeout(tick, 10);
  } catch (e) {
    done({ outcome: 'error', message: String(e) });
  }
}
tick();
