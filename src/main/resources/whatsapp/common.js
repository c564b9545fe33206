// Helpers shared by every script the sender runs in the page (prepended to each).
// Selectors arrive as {name: [{css, text}]}: generations tried in order, see whatsapp-selectors.properties.
var wa = (function () {
  function matches(el, loc) {
    return !loc.text || (el.textContent || '').toLowerCase().indexOf(loc.text) >= 0;
  }
  // The first generation that matches anything: {generation: 1-based index, found: [elements]}.
  function generation(root, locators) {
    for (var i = 0; i < locators.length; i++) {
      var nodes;
      try { nodes = root.querySelectorAll(locators[i].css); } catch (e) { continue; }
      var found = [];
      for (var j = 0; j < nodes.length; j++) if (matches(nodes[j], locators[i])) found.push(nodes[j]);
      if (found.length) return { generation: i + 1, found: found };
    }
    return null;
  }
  // Elements of the first generation that matches anything.
  function all(root, locators) {
    var g = generation(root, locators);
    return g ? g.found : [];
  }
  function first(root, locators) {
    var found = all(root, locators);
    return found.length ? found[0] : null;
  }
  function isBlock(el) {
    return el.tagName === 'P' || el.tagName === 'DIV' || el.tagName === 'LI';
  }
  // The text a person sees: blocks (Lexical's <p> lines) joined by newlines, <br> as a newline
  // (except the placeholder <br> ending a block), emoji pictures by their alt text.
  function textOf(el) {
    var lines = [];
    var run = '';
    var hasBlock = false;
    var kids = el.childNodes;
    for (var i = 0; i < kids.length; i++) {
      var n = kids[i];
      if (n.nodeType === 3) {
        // White space between two blocks is markup layout, not text (as innerText has it).
        if (hasBlock || (kids[i + 1] && kids[i + 1].nodeType === 1 && isBlock(kids[i + 1]))) {
          if (/^\s*$/.test(n.data)) continue;
        }
        run += n.data;
      } else if (n.nodeType === 1) {
        if (n.tagName === 'BR') {
          if (!(i === kids.length - 1 && isBlock(el))) run += '\n';
        } else if (n.tagName === 'IMG') {
          run += n.getAttribute('alt') || '';
        } else if (n.tagName === 'SCRIPT' || n.tagName === 'STYLE') {
          // not text
        } else if (isBlock(n)) {
          if (run.length) { lines.push(run); run = ''; }
          hasBlock = true;
          lines.push(textOf(n));
        } else {
          run += textOf(n);
        }
      }
    }
    if (run.length || !hasBlock) lines.push(run);
    return lines.join('\n');
  }
  // Content-editable boxes turn spaces into no-break spaces; they are the same text to the reader.
  function sameText(a, b) {
    return a !== null && b !== null && a.replace(/\u00a0/g, ' ') === b.replace(/\u00a0/g, ' ');
  }
  function squeeze(s) {
    return s.replace(/\s+/g, ' ').trim();
  }
  // Whether a bubble holds exactly this text: some element in it shows the text, compared
  // exactly first, then with runs of white space squeezed (renderers differ in how they
  // lay out line breaks), then as part of the bubble's whole text.
  function holds(bubble, text) {
    var want = squeeze(text);
    var els = [bubble].concat(Array.prototype.slice.call(bubble.querySelectorAll('*')));
    for (var i = 0; i < els.length; i++) {
      var t = textOf(els[i]);
      if (t === text || t.trim() === text.trim()) return true;
    }
    for (var k = 0; k < els.length; k++) {
      if (squeeze(textOf(els[k])) === want) return true;
    }
    return want.length > 0 && squeeze(bubble.textContent || '').indexOf(want) >= 0;
  }
  function tickState(S, bubble) {
    if (first(bubble, S.sent_icon)) return 'sent';
    if (first(bubble, S.failed_icon)) return 'failed';
    if (first(bubble, S.pending_icon)) return 'pending';
    return 'unknown';
  }
  function known() {
    if (!window.__waGatewayKnown) window.__waGatewayKnown = new WeakSet();
    return window.__waGatewayKnown;
  }
  return { generation: generation, all: all, first: first, textOf: textOf, sameText: sameText,
           holds: holds, tickState: tickState, known: known };
})();
