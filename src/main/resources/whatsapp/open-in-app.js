// Opens the chat inside the loaded app, as a clicked chat link does (whatsapp-web-facts.md,
// "Opening a chat inside the loaded app"): a hidden <a href="https://wa.me/<digits>?text=...">,
// clicked itself. The app's capture-phase listener on window runs before ours on the anchor: if it
// did not take the click (defaultPrevented), ours stops the browser from following the link and
// this way is unavailable. Then waits for the compose box holding our text (the app puts it there
// as a draft; the box open before was emptied first, so a box holding it is this number's chat) or
// the popup saying the number isn't on WhatsApp.
var S = arguments[0], digits = arguments[1], text = arguments[2], timeoutMs = arguments[3];
var done = arguments[arguments.length - 1];
var start = Date.now();
function squeeze(s) { return s.replace(/[\s\u00a0]+/g, ' ').trim(); }
function closePopups() {
  [S.invalid_number_in_app, S.invalid_number].forEach(function (locators) {
    var modal = wa.first(document, locators);
    var ok = modal && wa.first(modal, S.modal_ok_button);
    if (ok) ok.click();
  });
}
function empty(box) {
  if (!squeeze(wa.textOf(box))) return true;
  box.focus();
  var range = document.createRange();
  range.selectNodeContents(box);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  document.execCommand('delete', false, null);
  return !squeeze(wa.textOf(box));
}
function ready(box) {
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
}
try {
  if (!wa.first(document, S.logged_in)) {
    done({ outcome: 'unavailable', why: 'the app is not on its main screen' });
  } else {
    closePopups();
    var before = wa.first(document, S.compose_box);
    if (before && !empty(before)) {
      done({ outcome: 'unavailable', why: 'the open chat\'s compose box could not be emptied' });
    } else {
      var a = document.createElement('a');
      a.href = 'https://wa.me/' + digits + (text ? '?text=' + encodeURIComponent(text) : '');
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.style.display = 'none';
      var taken = false;
      a.addEventListener('click', function (e) {
        taken = e.defaultPrevented;
        if (!taken) e.preventDefault();
      });
      document.body.appendChild(a);
      a.click();
      a.remove();
      if (!taken) {
        done({ outcome: 'unavailable', why: 'the app did not take the chat link' });
      } else {
        tick();
      }
    }
  }
} catch (e) {
  done({ outcome: 'error', message: String(e) });
}
function tick() {
  try {
    var invalid = wa.first(document, S.invalid_number_in_app) || wa.first(document, S.invalid_number);
    if (invalid) {
      var ok = wa.first(invalid, S.modal_ok_button);
      if (ok) ok.click();
      return done({ outcome: 'invalid' });
    }
    var box = wa.first(document, S.compose_box);
    if (box && !wa.first(document, S.starting_chat)) {
      var current = wa.textOf(box);
      if (wa.sameText(current, text) || (squeeze(text) && squeeze(current) === squeeze(text))) {
        ready(box);
        return done({ outcome: 'compose', text: current });
      }
    }
    if (wa.first(document, S.use_here_button)) return done({ outcome: 'taken_over' });
    if (!wa.first(document, S.logged_in) && wa.first(document, S.qr_canvas)) return done({ outcome: 'qr' });
    if (Date.now() - start > timeoutMs) {
      return done({ outcome: 'unavailable', why: 'the app took the chat link but no compose box holding the text appeared within ' + timeoutMs + ' ms' });
    }
    setTimeout(tick, 15);
  } catch (e) {
    done({ outcome: 'error', message: String(e) });
  }
}
