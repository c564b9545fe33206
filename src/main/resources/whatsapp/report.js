// Which generation of each element matches on the page now (GET /admin/whatsapp/selectors, and
// the log after a send that was not confirmed): {name: {generation, count} or null}.
var S = arguments[0];
var elements = {};
Object.keys(S).forEach(function (name) {
  var g = wa.generation(document, S[name]);
  elements[name] = g ? { generation: g.generation, count: g.found.length } : null;
});
return { url: location.href, elements: elements };
