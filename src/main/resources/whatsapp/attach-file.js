// Opens the open chat's attach menu and answers the file input behind "Document" or "Photos &
// videos" (whatsapp-web-facts.md, "Sending a file"): the caller sets the file's path on it, as
// Selenium tools do; no click on the menu item is needed once the input exists.
var S = arguments[0], document_ = arguments[1], timeoutMs = arguments[2];
var done = arguments[arguments.length - 1];
var input = document_ ? S.file_input_document : S.file_input_media;
var clicked = false;
wa.poll(done, 15, timeoutMs, function (finish) {
  var found = wa.first(document, input);
  if (found) return finish({ outcome: 'input', input: found });
  if (!clicked) {
    var button = wa.first(document, S.attach_button);
    if (!button) return finish({ outcome: 'missing', what: 'attach_button' });
    (button.closest('button,[role="button"]') || button).click();
    clicked = true;
  }
}, function () {
  return { outcome: 'missing', what: document_ ? 'file_input_document' : 'file_input_media' };
});
