// After Enter: waits for the row our Enter made to show a tick, and answers its message id as the
// page gives it. Ours is a row of outgoing_message (by default: a row carrying a status icon,
// which only our own messages carry, on every generation; the key's true_ prefix where it still
// exists) that was not on the page before Enter (by element and by id, see mark-rows.js) and
// holds our text: never the id's shape alone, never an incoming row holding the same words.
// Answers 'unsent' early when no row appeared and the text is still in the compose box (Enter did
// not send; the caller then clicks the send button). At the deadline it says whether the compose
// box still holds the text: a box that let go of it means the page took the message.
var S = arguments[0], text = arguments[1], timeoutMs = arguments[2], unsentAfterMs = arguments[3];
var done = arguments[arguments.length - 1];
var marked = wa.marked();
var opening = text.replace(/\s+/g, ' ').trim().slice(0, 40);
function boxHoldsText() {
  var box = wa.first(document, S.compose_box);
  return !!box && wa.sameText(wa.textOf(box), text);
}
function isNew(row) {
  if (marked.elements.has(row)) return false;
  var id = wa.messageId(row);
  return !(id && marked.ids[id]);
}
function ours() {
  var rows = wa.all(document, S.outgoing_message).filter(isNew);
  for (var i = rows.length - 1; i >= 0; i--) {
    if (wa.holds(rows[i], text)) return rows[i];
  }
  // A long text may be shown cut short ("Read more"): then the newest new row that starts like
  // ours, once the compose box has let go of the text.
  if (!rows.length || boxHoldsText()) return null;
  var shown = (rows[rows.length - 1].textContent || '').replace(/\s+/g, ' ').trim();
  return opening.length && shown.indexOf(opening) === 0 ? rows[rows.length - 1] : null;
}
var last = null;
if (!marked) {
  done({ outcome: 'error', message: 'the rows on the page before Enter were not marked (the page was reloaded?)' });
} else {
  wa.poll(done, 10, timeoutMs, function (finish, waited) {
    var row = ours();
    last = row ? { state: wa.tickState(S, row), id: wa.messageId(row) } : null;
    if (last && (last.state === 'sent' || last.state === 'failed')) {
      return finish({ outcome: last.state, id: last.id });
    }
    if (!row && unsentAfterMs >= 0 && waited > unsentAfterMs && boxHoldsText()) {
      return finish({ outcome: 'unsent' });
    }
  }, function () {
    if (last) return { outcome: 'pending', icon: last.state, id: last.id };
    return { outcome: 'missing', boxHoldsText: boxHoldsText(), qr: !!wa.first(document, S.qr_canvas) };
  });
}
