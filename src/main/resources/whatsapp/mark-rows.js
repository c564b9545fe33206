// Just before Enter: remembers our rows on the page, so the confirmation looks only at the row
// our Enter makes. Answers how many there were.
return Object.keys(wa.markRows(arguments[0]).ids).length;
