// Empties the compose box, so a prefilled text we decided not to send does not stay as a draft.
var box = wa.first(document, arguments[0].compose_box);
if (box) {
  box.focus();
  var range = document.createRange();
  range.selectNodeContents(box);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  document.execCommand('delete', false, null);
}
return !!box;
