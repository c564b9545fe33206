// When the chat open now is this number's (its header names the number) and nothing covers it,
// it is used as it is, its box emptied first: no action of ours, so no view about to be replaced.
var S = arguments[0], digits = arguments[1];
if (!wa.first(document, S.logged_in)) return { outcome: 'no' };
var covered = [S.invalid_number_in_app, S.invalid_number, S.starting_chat, S.use_here_button]
    .some(function (locators) { return !!wa.first(document, locators); });
var box = wa.first(document, S.compose_box);
if (covered || !box || !wa.namesNumber(wa.first(document, S.chat_header), digits)) return { outcome: 'no' };
if (!wa.empty(box)) return { outcome: 'no' };
wa.focusEnd(box);
return { outcome: 'compose', text: wa.textOf(box) };
