// Opens the chat inside the loaded app, as a clicked chat link does (whatsapp-web-facts.md,
// "Opening a chat inside the loaded app"): a hidden <a href="https://wa.me/<digits>?text=...">,
// clicked itself. The app's capture-phase listener on window runs before anything on the link and
// may stop the click there, so whether it took the link is read from the click's own result
// (dispatchEvent answers false when a listener cancelled it), not from a listener the click may
// never reach. Ours on the link only keeps the browser from following a link nobody took. Then
// waits for a view that appeared after the click (never the one open before, which the app is
// about to replace) whose compose box holds our text as the app's draft, or the popup saying the
// number isn't on WhatsApp.
var S = arguments[0], digits = arguments[1], text = arguments[2], timeoutMs = arguments[3];
var done = arguments[arguments.length - 1];
function closePopups() {
  [S.invalid_number_in_app, S.invalid_number].forEach(function (locators) {
    var modal = wa.first(document, locators);
    var ok = modal && wa.first(modal, S.modal_ok_button);
    if (ok) ok.click();
  });
}
function click() {
  var a = document.createElement('a');
  a.href = 'https://wa.me/' + digits + (text ? '?text=' + encodeURIComponent(text) : '');
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.style.display = 'none';
  var reached = false, cancelledBefore = false;
  a.addEventListener('click', function (e) {
    reached = true;
    cancelledBefore = e.defaultPrevented;
    if (!cancelledBefore) e.preventDefault();
  });
  document.body.appendChild(a);
  var notCancelled = a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
  a.remove();
  if (reached) return cancelledBefore ? 'taken' : 'the app did not take the chat link';
  return notCancelled ? 'the click was stopped before the chat link without being taken' : 'taken';
}
try {
  if (!wa.first(document, S.logged_in)) {
    done({ outcome: 'unavailable', why: 'the app is not on its main screen' });
  } else {
    closePopups();
    var before = wa.view(S, digits);
    if (before.box && !wa.empty(before.box)) {
      done({ outcome: 'unavailable', why: 'the open chat\'s compose box could not be emptied' });
    } else {
      var clicked = click();
      if (clicked !== 'taken') {
        done({ outcome: 'unavailable', why: clicked });
      } else {
        wa.poll(done, 15, timeoutMs, function (finish) {
          var invalid = wa.first(document, S.invalid_number_in_app) || wa.first(document, S.invalid_number);
          if (invalid) {
            var ok = wa.first(invalid, S.modal_ok_button);
            if (ok) ok.click();
            return finish({ outcome: 'invalid' });
          }
          var box = wa.first(document, S.compose_box);
          if (wa.isNewView(S, before, box, digits) && !wa.first(document, S.starting_chat)) {
            var current = wa.textOf(box);
            if (wa.sameText(current, text) || (wa.squeeze(text) && wa.squeeze(current) === wa.squeeze(text))) {
              wa.focusEnd(box);
              return finish({ outcome: 'compose', text: current });
            }
          }
          if (wa.first(document, S.use_here_button)) return finish({ outcome: 'taken_over' });
          if (!wa.first(document, S.logged_in) && wa.first(document, S.qr_canvas)) return finish({ outcome: 'qr' });
        }, function () {
          return { outcome: 'abandoned', why: 'the app took the chat link but no new chat view holding the text appeared within ' + timeoutMs + ' ms' };
        });
      }
    }
  }
} catch (e) {
  done({ outcome: 'error', message: String(e) });
}
