// Inserts one line at the caret of the compose box (or of another editor of the page, named by the
// fourth argument: the media editor's caption box), as typing cannot: ChromeDriver's sendKeys
// cannot type characters outside the BMP. insertText first, a synthetic paste if that did
// nothing (Lexical handles both). Line breaks are made by the caller with Shift+Enter.
var S = arguments[0], line = arguments[1], clearFirst = arguments[2];
var box = wa.first(document, S[arguments[3] || 'compose_box']);
if (!box) return null;
var sel = window.getSelection();
function caretAtEnd() {
  box.focus();
  var range = document.createRange();
  range.selectNodeContents(box);
  range.collapse(false);
  sel.removeAllRanges();
  sel.addRange(range);
}
if (clearFirst) {
  box.focus();
  var all = document.createRange();
  all.selectNodeContents(box);
  sel.removeAllRanges();
  sel.addRange(all);
  document.execCommand('delete', false, null);
}
if (document.activeElement !== box || !sel.rangeCount || !box.contains(sel.getRangeAt(0).startContainer)) caretAtEnd();
if (line.length) {
  var before = wa.textOf(box);
  document.execCommand('insertText', false, line);
  if (wa.textOf(box) === before) {
    var data = new DataTransfer();
    data.setData('text/plain', line);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }
}
return wa.textOf(box);
