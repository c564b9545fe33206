// Takes the session back from another browser ("Use here"); only when WA_WHATSAPP_TAKE_OVER=true.
var button = wa.first(document, arguments[0].use_here_button);
if (button) button.click();
return !!button;
