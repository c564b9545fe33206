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
  // The message id as the page gives it: the row's data-id (a bare id since spring 2026, the key
  // "true_<chat>_<id>" before), else its data-testid without "conv-msg-".
  function messageId(row) {
    var keyed = row.hasAttribute('data-id') ? row : row.closest('[data-id]') || row.querySelector('[data-id]');
    if (keyed) return keyed.getAttribute('data-id');
    var tested = row.closest('[data-testid^="conv-msg-"]') || row.querySelector('[data-testid^="conv-msg-"]');
    return tested ? tested.getAttribute('data-testid').slice('conv-msg-'.length) : null;
  }
  // Our rows on the page just before Enter, by element and by message id: a chat the app draws
  // again has new elements but the same ids, and none of those rows is the one our Enter makes.
  function markRows(S) {
    var marked = { elements: new WeakSet(), ids: {} };
    all(document, S.outgoing_message).forEach(function (row) {
      marked.elements.add(row);
      var id = messageId(row);
      if (id) marked.ids[id] = true;
    });
    window.__waGatewayMarked = marked;
    return marked;
  }
  function marked() {
    return window.__waGatewayMarked || null;
  }
  // Whether some title or text in el is a phone number with exactly these digits.
  function namesNumber(el, digits) {
    if (!el) return false;
    var texts = [el.textContent || '', el.getAttribute('title') || ''];
    el.querySelectorAll('[title]').forEach(function (x) { texts.push(x.getAttribute('title')); });
    el.querySelectorAll('span[dir]').forEach(function (x) { texts.push(x.textContent || ''); });
    return texts.some(function (t) {
      return /^[\s+()\-.0-9\u00a0\u200e\u200f\u202a-\u202e]+$/.test(t) && t.replace(/[^0-9]/g, '') === digits;
    });
  }
  // The chat view open now, to tell later whether a view appeared after our own action.
  function view(S, digits) {
    var header = first(document, S.chat_header);
    return { box: first(document, S.compose_box), named: namesNumber(header, digits) };
  }
  // A compose box that was not the one open before, or a header that names the number where the
  // one before did not (an app that keeps its elements across chats): never the view that was
  // open before our action, which the app may be about to replace.
  function isNewView(S, before, box, digits) {
    return !!box && (box !== before.box || (!before.named && namesNumber(first(document, S.chat_header), digits)));
  }
  function caretAtEnd(box) {
    box.focus();
    var range = document.createRange();
    range.selectNodeContents(box);
    range.collapse(false);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  // Enter is pressed next as a real key event: into the focused box, with the caret at the end.
  function focusEnd(box) {
    var sel = window.getSelection();
    if (document.activeElement !== box || !sel.rangeCount || !box.contains(sel.getRangeAt(0).startContainer)) caretAtEnd(box);
  }
  function squeeze(s) {
    return s.replace(/[\s\u00a0]+/g, ' ').trim();
  }
  // Empties the box (a draft left in it); whether it is empty now.
  function empty(box) {
    if (!squeeze(textOf(box))) return true;
    box.focus();
    var range = document.createRange();
    range.selectNodeContents(box);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    document.execCommand('delete', false, null);
    return !squeeze(textOf(box));
  }
  // Polls check() every ms until it calls finish (its answer) or timeoutMs passes (onTimeout's
  // answer); a thrown error answers {outcome: 'error'}. Every waiting page script runs on this.
  function poll(done, ms, timeoutMs, check, onTimeout) {
    var start = Date.now();
    var finished = false;
    function finish(answer) { finished = true; done(answer); }
    (function tick() {
      try {
        check(finish, Date.now() - start);
        if (finished) return;
        if (Date.now() - start > timeoutMs) return finish(onTimeout());
        setTimeout(tick, ms);
      } catch (e) {
        if (!finished) finish({ outcome: 'error', message: String(e) });
      }
    })();
  }
  return { generation: generation, all: all, first: first, textOf: textOf, sameText: sameText,
           holds: holds, tickState: tickState, messageId: messageId, markRows: markRows,
           marked: marked, namesNumber: namesNumber, view: view, isNewView: isNewView,
           focusEnd: focusEnd, squeeze: squeeze, empty: empty, poll: poll };
})();
