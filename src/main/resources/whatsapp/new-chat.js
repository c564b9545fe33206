// Opens the chat through "New chat": types the full number in the drawer's search (debounced by
// the app), clicks the number under "Not in your contacts", and waits for a chat view that
// appeared after that click and whose header shows the number (whatsapp-web-facts.md, "Opening a
// chat inside the loaded app"): the view open before may be this number's too, and the app is
// about to replace it. Answers 'no_result' when the search finds nothing: the caller tries a way
// that can say why.
var S = arguments[0], digits = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var step = 'button';
var before = null;
function press(el) {
  (el.closest('[role="button"],button') || el).click();
}
function named(el) {
  if (wa.namesNumber(el, digits)) return true;
  return (el.textContent || '').replace(/[^0-9]/g, '').indexOf(digits) >= 0;
}
wa.poll(done, 15, timeoutMs, function (finish) {
  if (!wa.first(document, S.logged_in)) return finish({ outcome: 'unavailable', why: 'the app is not on its main screen' });
  if (step === 'button') {
    var button = wa.first(document, S.new_chat_button);
    if (!button) return finish({ outcome: 'unavailable', why: 'no new_chat_button on the page' });
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
      return !(side && side.contains(el)) && named(el);
    });
    if (hits.length) {
      before = wa.view(S, digits);
      press(hits[0]);
      step = 'chat';
    } else if (wa.first(document, S.new_chat_no_result)) {
      var back = wa.first(document, S.drawer_back_button);
      if (back) press(back);
      return finish({ outcome: 'no_result' });
    }
  } else if (step === 'chat') {
    var box = wa.first(document, S.compose_box);
    if (wa.isNewView(S, before, box, digits) && wa.namesNumber(wa.first(document, S.chat_header), digits)) {
      wa.focusEnd(box);
      return finish({ outcome: 'compose', text: wa.textOf(box) });
    }
  }
}, function () {
  return step === 'chat'
      ? { outcome: 'abandoned', why: 'New chat clicked the number but no new chat view naming it appeared within ' + timeoutMs + ' ms' }
      : { outcome: 'unavailable', why: 'New chat got stuck at the ' + step + ' step for ' + timeoutMs + ' ms' };
});
