// After the file was set on the input: waits for the media editor's caption box, or for the app's
// popup refusing the file (its words are the reason the message fails).
var S = arguments[0], timeoutMs = arguments[1];
var done = arguments[arguments.length - 1];
wa.poll(done, 15, timeoutMs, function (finish) {
  var refused = wa.first(document, S.file_refused);
  if (refused) {
    var text = (refused.textContent || '').replace(/\s+/g, ' ').trim();
    var ok = wa.first(refused, S.modal_ok_button);
    if (ok) ok.click();
    return finish({ outcome: 'refused', text: text });
  }
  var box = wa.first(document, S.caption_box);
  if (box) {
    box.focus();
    return finish({ outcome: 'editor' });
  }
}, function () {
  return { outcome: 'timeout' };
});
