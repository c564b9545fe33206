// Opens the chat through "New chat": types the full number in the drawer's search (debounced by
// the app), clicks the number under "Not in your contacts", and waits for the chat whose header
// shows the number (whatsapp-web-facts.md, "Opening a chat inside the loaded app"). Answers
// 'no_result' when the search finds nothing: the caller tries a way that can say why.
var S = arguments[0], digits = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var start = Date.now();
var step = 'button';
function digitsOf(el) {
  var t = (el.textContent || '') + ' ' + (el.getAttribute('title') || '');
  el.querySelectorAll('[title]').forEach(function (x) { t += ' ' + x.getAttribute('title'); });
  return t.replace(/[^0-9]/g, '');
}
function press(el) {
  (el.closest('[role="button"],button') || el).click();
}
function tick() {
  try {
    if (!wa.first(document, S.logged_in)) return done({ outcome: 'unavailable', why: 'the app is not on its main screen' });
    if (step === 'button') {
      var button = wa.first(document, S.new_chat_button);
      if (!button) return done({ outcome: 'unavailable', why: 'no new_chat_button on the page' });
      press(button);
      step = 'search';
    } else if (step === 'search') {
      var search = wa.first(document, S.new_chat_search);
      if (search) {
        search.focus();
        document.execCommand('selectAll', false, null);
        document.execCommand('insertText', false, '+' + digits);
        step = 'result';
      }
    } else if (step === 'result') {
      var side = document.getElementById('pane-side');
      var hits = wa.all(document, S.new_chat_result).filter(function (el) {
        return !(side && side.contains(el)) && digitsOf(el).indexOf(digits) >= 0;
      });
      if (hits.length) {
        press(hits[0]);
        step = 'chat';
      } else if (wa.first(document, S.new_chat_no_result)) {
        var back = wa.first(document, S.drawer_back_button);
        if (back) press(back);
        return done({ outcome: 'no_result' });
      }
    } else if (step === 'chat') {
      var header = wa.first(document, S.chat_header);
      var box = wa.first(document, S.compose_box);
      if (header && box && digitsOf(header).indexOf(digits) >= 0) {
        box.focus();
        var range = document.createRange();
        range.selectNodeContents(box);
        range.collapse(false);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        var known = wa.known();
        wa.all(document, S.outgoing_message).forEach(function (b) { known.add(b); });
        return done({ outcome: 'compose', text: wa.textOf(box) });
      }
    }
    if (Date.now() - start > timeoutMs) {
      return done({ outcome: 'unavailable', why: 'New chat got stuck at the ' + step + ' step for ' + timeoutMs + ' ms' });
    }
    setTimeout(tick, 15);
  } catch (e) {
    done({ outcome: 'error', message: String(e) });
  }
}
tick();
