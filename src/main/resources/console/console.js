// The console works without this file; it only adds the copy button's convenience.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-copied"));
  if (!field) return;
  field.focus();
  field.select();
  function say(text) { if (status) status.textContent = text; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(
      function () { say("Copied to the clipboard."); },
      function () { say("Selected: press Ctrl+C (or ⌘C) to copy."); });
  } else {
    say(document.execCommand && document.execCommand("copy")
      ? "Copied to the clipboard."
      : "Selected: press Ctrl+C (or ⌘C) to copy.");
  }
});
