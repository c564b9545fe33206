// Reads receipts off the page, in one short call (whatsapp-web-facts.md, "Delivered and read").
// arguments[0] 'chat': our rows in the open chat, [{id, state}], id the row's data-id as the page
// gives it (or data-testid less "conv-msg-"). 'list': the chat list rows whose last message is
// ours, [{title, preview, state}]. state: 'read', 'delivered' or 'sent'. Delivered and read share
// the icon msg-dblcheck and differ by the aria-label (" Read "); the oldest builds drew read as
// msg-dblcheck-ack. These hooks are the receipts' own: none of them decides a send.
var mode = arguments[0];
var TICKS = '[data-icon="msg-dblcheck"],[data-icon="msg-dblcheck-ack"],[data-icon="msg-check"],'
    + '[data-testid="msg-dblcheck"],[data-testid="msg-check"],'
    + '[aria-label=" Read "],[aria-label=" Delivered "],[aria-label=" Sent "]';
function stateOf(icon) {
  var label = (icon.getAttribute('aria-label') || '').trim();
  var name = icon.getAttribute('data-icon') || icon.getAttribute('data-testid') || '';
  if (label === 'Read' || name === 'msg-dblcheck-ack') return 'read';
  if (label === 'Delivered' || (!label && name === 'msg-dblcheck')) return 'delivered';
  if (label === 'Sent' || name === 'msg-check') return 'sent';
  return null;
}
// Text as shown, emoji included (drawn as pictures whose alt is the emoji).
function shownText(el) {
  var out = '';
  el.childNodes.forEach(function (n) {
    if (n.nodeType === 3) out += n.nodeValue;
    else if (n.nodeType === 1 && n.tagName === 'IMG') out += n.getAttribute('alt') || '';
    else if (n.nodeType === 1) out += shownText(n);
  });
  return out;
}
if (mode === 'chat') {
  var main = document.getElementById('main') || document;
  var found = [];
  main.querySelectorAll('[data-id], [data-testid^="conv-msg-"]').forEach(function (row) {
    if (row.parentElement && row.parentElement.closest('[data-id], [data-testid^="conv-msg-"]')) return;
    var id = row.getAttribute('data-id');
    if (!id) id = row.getAttribute('data-testid').slice('conv-msg-'.length);
    if (id.indexOf('false_') === 0) return;
    var icon = row.querySelector(TICKS);
    var state = icon && stateOf(icon);
    if (state) found.push({ id: id, state: state });
  });
  return found;
}
var side = document.getElementById('pane-side');
if (!side) return [];
var rows = [];
side.querySelectorAll('[role="row"], [role="listitem"]').forEach(function (row) {
  var title = row.querySelector('span[title]');
  var icon = row.querySelector(TICKS);
  if (!title || !icon) return;
  var state = stateOf(icon);
  var preview = row.querySelector('span[dir="ltr"]');
  if (!state || !preview) return;
  rows.push({ title: title.getAttribute('title'), preview: shownText(preview), state: state });
});
return rows;
