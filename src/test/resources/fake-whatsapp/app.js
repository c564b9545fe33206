// The page of the WhatsApp Web double. DOM and flows copied from whatsapp-web-facts.md.
(function () {
  'use strict';
  var app = document.getElementById('app');
  var params = new URLSearchParams(location.search);
  var path = location.pathname.replace(/\/+$/, '');
  var wanted = path === '/send' && params.get('phone') !== null
      ? { phone: params.get('phone'), text: params.get('text') || '' } : null;
  var config = { loadDelayMs: 0, prefill: true };
  var timers = [];

  function api(method, url, body) {
    return fetch(url, {
      method: method, cache: 'no-store',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) { return r.json(); });
  }
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (k) { e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  }
  var screen = 0; // bumped whenever the screen changes, to end the old screen's poll loop
  function stopTimers() { timers.forEach(clearInterval); timers = []; screen++; }
  function every(ms, fn) { timers.push(setInterval(fn, ms)); }

  // Text as WhatsApp sends it: one line per paragraph, <br> as a line break (the <br> that
  // keeps an empty paragraph open is not text).
  function isBlock(n) { return n.tagName === 'P' || n.tagName === 'DIV'; }
  function textOf(el) {
    var lines = [], run = '', hasBlock = false, kids = el.childNodes;
    for (var i = 0; i < kids.length; i++) {
      var n = kids[i];
      if (n.nodeType === 3) {
        var layout = hasBlock || (kids[i + 1] && kids[i + 1].nodeType === 1 && isBlock(kids[i + 1]));
        if (!(layout && /^\s*$/.test(n.data))) run += n.data;
      } else if (n.nodeType === 1) {
        if (n.tagName === 'BR') { if (!(i === kids.length - 1 && isBlock(el))) run += '\n'; }
        else if (isBlock(n)) { if (run.length) { lines.push(run); run = ''; } hasBlock = true; lines.push(textOf(n)); }
        else run += textOf(n);
      }
    }
    if (run.length || !hasBlock) lines.push(run);
    return lines.join('\n');
  }

  // ---- loading ----
  function showLoading() {
    app.innerHTML = '';
    var progress = h('progress', { value: '0', max: '100' });
    app.appendChild(h('div', { id: 'wa_web_initial_startup' }, [
      h('div', { 'class': 'startup-logo' }, ['WhatsApp']), progress, h('div', {}, ['End-to-end encrypted'])]));
    var started = Date.now();
    every(30, function () {
      progress.value = Math.min(100, Math.round((Date.now() - started) * 100 / Math.max(1, config.loadDelayMs)));
    });
  }

  function boot() {
    stopTimers();
    loadLogin().then(function (token) {
      if (!token) return showQr();
      api('GET', '/__wa/session?token=' + encodeURIComponent(token)).then(function (s) {
        if (s.status === 'ok') showLoggedIn();
        else if (s.status === 'taken_over') showTakenOver();
        else loggedOut();
      });
    });
  }

  function loggedOut() {
    clearLogin();
    showQr();
  }

  // ---- Login persistence, where the real page keeps it ----
  // The token in localStorage (WAToken2, last-wid-md) and the device keys in IndexedDB (database
  // "wawc", store "user"): a profile that lacks either part is not logged in. A saved and restored
  // browser profile (sessions moving between instances) must carry both, as with the real site.
  function loginDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open('wawc', 1);
      req.onupgradeneeded = function () { req.result.createObjectStore('user'); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function saveLogin(token, wid) {
    localStorage.setItem('WAToken2', token);
    localStorage.setItem('last-wid-md', JSON.stringify(wid));
    localStorage.removeItem('old-logout-cred');
    return loginDb().then(function (db) {
      return new Promise(function (resolve) {
        var tx = db.transaction('user', 'readwrite');
        tx.objectStore('user').put(token, 'WebEncKey');
        tx.oncomplete = tx.onerror = function () { db.close(); resolve(); };
      });
    });
  }
  function loadLogin() {
    var token = localStorage.getItem('WAToken2');
    if (!token) return Promise.resolve(null);
    return loginDb().then(function (db) {
      return new Promise(function (resolve) {
        var req = db.transaction('user', 'readonly').objectStore('user').get('WebEncKey');
        req.onsuccess = function () { db.close(); resolve(req.result === token ? token : null); };
        req.onerror = function () { db.close(); resolve(null); };
      });
    }, function () { return null; });
  }
  function clearLogin() {
    localStorage.removeItem('WAToken2');
    localStorage.removeItem('last-wid-md');
    localStorage.setItem('old-logout-cred', '1');
    loginDb().then(function (db) {
      var tx = db.transaction('user', 'readwrite');
      tx.objectStore('user').delete('WebEncKey');
      tx.oncomplete = tx.onerror = function () { db.close(); };
    });
  }
  // ---- end of login persistence ----

  // ---- QR ----
  function showQr() {
    stopTimers();
    app.innerHTML = '';
    // Like the real page: a spinner until the first QR arrives, then the canvas in its data-ref holder.
    var canvas = h('canvas', { 'aria-label': 'Scan this QR code to link a device!', role: 'img', width: '264', height: '264' });
    var holder = h('div', { 'class': 'qr-holder' }, [h('span', { 'data-icon': 'spinner' })]);
    app.appendChild(h('div', { 'class': 'landing-window' }, [
      h('div', { 'class': 'landing-title' }, ['Log into WhatsApp Web']),
      h('ol', {}, [h('li', {}, ['Open WhatsApp on your phone']), h('li', {}, ['Tap Menu > Linked devices > Link a device']),
        h('li', {}, ['Point your phone to this screen to scan the QR code'])]),
      holder, linkWithPhoneHint()]));
    var shown = null;
    var mine = screen;
    // One request at a time: two in flight could bring two different QRs back out of order.
    function poll() {
      if (mine !== screen) return;
      api('GET', '/__wa/qr' + (shown ? '?ref=' + encodeURIComponent(shown) : '')).then(function (r) {
        if (mine !== screen) return;
        if (r.scanned) {
          return saveLogin(r.scanned, r.wid).then(showLoggedIn);
        }
        if (r.ref !== shown && r.image) {
          shown = r.ref;
          if (r.dataRef) holder.setAttribute('data-ref', r.ref); else holder.removeAttribute('data-ref');
          var img = new Image();
          img.onload = function () {
            if (canvas.parentNode !== holder) { holder.innerHTML = ''; holder.appendChild(canvas); }
            var ctx = canvas.getContext('2d');
            ctx.fillStyle = '#fff';
            ctx.fillRect(0, 0, 264, 264);
            ctx.drawImage(img, 0, 0, 264, 264);
          };
          img.src = r.image;
        }
        setTimeout(poll, 250);
      }, function () { setTimeout(poll, 250); });
    }
    poll();
  }

  // ---- another browser took the session ----
  function showTakenOver() {
    stopTimers();
    app.innerHTML = '';
    var useHere = h('button', { type: 'button' }, [h('div', {}, ['Use here'])]);
    useHere.addEventListener('click', function () {
      api('POST', '/__wa/use-here').then(function () { showLoggedIn(); });
    });
    app.appendChild(h('div', { 'class': 'landing-window' }, [
      h('div', { 'class': 'takeover-text' }, ['WhatsApp is open on another computer or browser. Click \u201cUse here\u201d to use WhatsApp in this window.']),
      h('div', {}, [h('button', { type: 'button' }, [h('div', {}, ['Close'])]), useHere])]));
  }

  // ---- logged in ----
  function showLoggedIn() {
    stopTimers();
    app.innerHTML = '';
    var side = h('div', { id: 'side' }, [
      h('header', {}, [h('span', { 'data-icon': 'chat' }), newChatButton(), h('span', { 'data-icon': 'menu' })]),
      h('div', { 'class': 'search' }, [h('span', { 'data-icon': 'search' }),
        h('div', { contenteditable: 'true', role: 'textbox', 'data-tab': '3', 'aria-label': 'Search input textbox',
          'aria-placeholder': 'Search or start a new chat' })]),
      h('div', { id: 'pane-side' }, [h('div', { role: 'grid', 'aria-label': 'Chat list' })])]);
    app.appendChild(side);
    every(200, showReceipts);
    every(250, function () {
      api('GET', '/__wa/session?token=' + encodeURIComponent(localStorage.getItem('WAToken2') || '')).then(function (s) {
        if (s.status === 'logged_out') loggedOut();
        else if (s.status === 'taken_over') showTakenOver();
      });
    });
    if (wanted) {
      var chat = wanted;
      wanted = null;
      history.replaceState(null, '', '/');
      openChat(chat.phone, chat.text);
    }
  }

  function openChat(phone, text, via) {
    var inApp = !!via;
    // The double's switches take effect from the next chat opened (and, for the rows, the next send).
    api('GET', '/__wa/config').then(function (fresh) {
      config = fresh;
      return api('GET', '/__wa/chat?phone=' + encodeURIComponent(phone) + '&via=' + (via || 'url'));
    }).then(function (c) {
      if (!c.exists && !inApp) return invalidNumber();
      // Switch: the chat takes a while to render; until then the view open before stays, live.
      setTimeout(function () { renderChat(phone, text, inApp, c); }, config.chatLoadDelayMs || 0);
    });
  }

  function renderChat(phone, text, inApp, c) {
    var old = document.getElementById('main');
    if (old) old.remove();
    var digits = phone.replace(/[^0-9]/g, '');
    var messages = h('div', { 'class': 'messages', role: 'application' });
    var previous = null;
    c.messages.forEach(function (m) {
      messages.appendChild(m.fromMe
          ? bubble(digits, m.id, m.text, m.state || (m.acked ? 'sent' : 'pending'), previous !== 'out')
          : incomingBubble(digits, m.id, m.text, previous !== 'in'));
      previous = m.fromMe ? 'out' : 'in';
    });
    var editor = h('div', { contenteditable: 'true', role: 'textbox', spellcheck: 'true', 'data-tab': '10',
      'aria-label': 'Type a message', 'aria-placeholder': 'Type a message', 'data-lexical-editor': 'true' });
    setParagraphs(editor, config.prefill || inApp ? text : '');
    var send = h('button', { 'aria-label': 'Send', 'data-tab': '11' }, [h('span', { 'data-icon': 'wds-ic-send-filled' })]);
    var headerAttrs = config.generation === 'earlier_2025' || config.generation === 'unmarked'
        ? {} : { 'data-testid': 'conversation-header' };
    var main = h('div', { id: 'main' }, [
      h('header', headerAttrs, [h('div', { title: '+' + phone }, [h('span', { dir: 'auto' }, ['+' + phone])])]),
      h('div', { 'class': 'copyable-area' }, [messages]),
      h('footer', {}, [attachButton(messages, phone), h('div', { 'class': 'lexical-rich-text-input' }, [editor]), send])]);
    app.appendChild(main);
    editor.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (e.shiftKey) document.execCommand('insertParagraph', false, null);
      else sendFrom(editor, messages, phone);
    });
    editor.addEventListener('beforeinput', function (e) {
      // Switch: an editor that takes line breaks only from Shift+Enter.
      if (config.singleLineInsert && e.inputType === 'insertText' && e.data && e.data.indexOf('\n') >= 0) e.preventDefault();
    });
    editor.addEventListener('paste', function (e) {
      e.preventDefault();
      document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
    });
    send.addEventListener('click', function () { sendFrom(editor, messages, phone); });
    editor.focus();
  }

  function escapeHtml(t) {
    return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  function setParagraphs(editor, text) {
    if (config.variant) {
      // Variant: markup with layout white space between the paragraphs.
      editor.innerHTML = '\n  ' + text.split('\n').map(function (line) {
        return '<p class="selectable-text copyable-text">' + (line.length
            ? '<span data-lexical-text="true">' + escapeHtml(line) + '</span>' : '<br>') + '</p>';
      }).join('\n  ') + '\n';
      return;
    }
    editor.innerHTML = '';
    text.split('\n').forEach(function (line) {
      var p = h('p', { 'class': 'selectable-text copyable-text', dir: 'auto' });
      if (line.length) p.appendChild(h('span', { 'data-lexical-text': 'true' }, [line]));
      else p.appendChild(h('br'));
      editor.appendChild(p);
    });
  }

  // ---- message rows, as each generation of the page draws them ----
  // 2026: no message-out class; the row's key in data-id ("true_<chat>_<id>" = ours) and the same
  // key in data-testid="conv-msg-..."; a tail-out icon on the first bubble of a run; state icons
  // carry data-icon and data-testid. 2025: the message-out class inside the keyed row, icons by
  // data-icon only, failure msg-failed. Spring 2026 ("bare_ids", the default): data-id and
  // data-testid carry only the bare message id, no true_/false_ and no chat; direction shows only
  // as the status icon (ours alone carry one) and the tail-out/tail-in mark; span.selectable-text
  // is gone from text bubbles. "unmarked": a page where no known hook marks our rows.
  var STATES = {
    pending: { icon: 'msg-time', label: ' Pending ' },
    sent: { icon: 'msg-check', label: ' Sent ' },
    delivered: { icon: 'msg-dblcheck', label: ' Delivered ' },
    read: { icon: 'msg-dblcheck', label: ' Read ' },
    failed: { icon: 'msg-error', label: null }
  };
  function stateIcon(state) {
    var st = STATES[state];
    var icon = state === 'failed' && config.generation === 'earlier_2025' ? 'msg-failed' : st.icon;
    var attrs = { 'data-icon': icon };
    if (config.generation !== 'earlier_2025') attrs['data-testid'] = icon;
    if (st.label) attrs['aria-label'] = st.label;
    return h('span', attrs);
  }
  function setState(row, state) {
    var old = row.querySelector('.msg-state');
    var icon = stateIcon(state);
    icon.className = 'msg-state';
    old.parentNode.replaceChild(icon, old);
  }
  function newMessageId() {
    var hex = '';
    for (var i = 0; i < 16; i++) hex += '0123456789ABCDEF'[Math.floor(Math.random() * 16)];
    return '3EB0' + hex;
  }
  function textBody(text) {
    var body = h('span', config.generation === 'bare_ids' ? { dir: 'ltr' } : { dir: 'auto', 'class': 'selectable-text copyable-text' });
    var inner = h('span', {});
    // Like the real page, emoji in bubbles are pictures whose alt is the emoji.
    var emoji = /\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic})*/gu;
    text.split('\n').forEach(function (line, i) {
      if (i > 0) inner.appendChild(h('br'));
      var at = 0, m;
      emoji.lastIndex = 0;
      while ((m = emoji.exec(line)) !== null) {
        if (m.index > at) inner.appendChild(document.createTextNode(line.slice(at, m.index)));
        inner.appendChild(h('img', { alt: m[0], 'class': 'emoji', draggable: 'false', src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }));
        at = m.index + m[0].length;
      }
      if (at < line.length) inner.appendChild(document.createTextNode(line.slice(at)));
    });
    body.appendChild(inner);
    return body;
  }
  function clock() {
    var now = new Date();
    return ('0' + now.getHours()).slice(-2) + ':' + ('0' + now.getMinutes()).slice(-2);
  }
  function bubble(phone, id, text, state, firstOfRun, fileName) {
    var time = clock();
    var icon = stateIcon(state);
    icon.className = 'msg-state';
    var content = [
      h('div', { 'class': 'copyable-text', 'data-pre-plain-text': '[' + time + '] You: ' }, [h('div', {}, [textBody(text)])]),
      h('div', { 'class': 'msg-meta' }, [h('span', {}, [time]), icon])];
    if (fileName) content.unshift(h('div', { 'class': 'attached-file' }, [h('span', { 'data-icon': 'document-filled' }), h('span', { title: fileName }, [fileName])]));
    return messageRow(phone, id, true, firstOfRun, content);
  }

  // A message from the other side: no status icon, tail-in, "false_" key where keys still exist.
  function incomingBubble(phone, id, text, firstOfRun) {
    var time = clock();
    return messageRow(phone, id, false, firstOfRun, [
      h('div', { 'class': 'copyable-text', 'data-pre-plain-text': '[' + time + '] +' + phone + ': ' }, [h('div', {}, [textBody(text)])]),
      h('div', { 'class': 'msg-meta' }, [h('span', {}, [time])])]);
  }

  // The row around a bubble's content, as each generation marks it (see the comment above STATES).
  function messageRow(phone, id, fromMe, firstOfRun, content) {
    if (firstOfRun) content.unshift(h('span', { 'data-icon': fromMe ? 'tail-out' : 'tail-in', 'aria-hidden': 'true' }));
    var key = fromMe + '_' + phone.replace(/[^0-9]/g, '') + '@c.us_' + id;
    var item = { 'class': 'x1n2onr6 focusable-list-item', tabindex: '-1' };
    var inner = { 'class': 'x9f619 xh8yej3' };
    if (config.generation === 'earlier_2025') {
      item = { 'data-id': key, 'class': 'focusable-list-item', tabindex: '-1' };
      inner = { 'class': (fromMe ? 'message-out' : 'message-in') + ' focusable-list-item' };
    } else if (config.generation === 'bare_ids') {
      item['data-id'] = id;
      item['data-testid'] = 'conv-msg-' + id;
    } else if (config.generation === 'unmarked') {
      item['data-msg-key'] = id;
      item['data-from-me'] = String(fromMe);
    } else {
      item['data-id'] = key;
      item['data-testid'] = 'conv-msg-' + key;
    }
    var wrapper = h('div', { role: 'row', 'class': 'message-row' }, [h('div', item, [h('div', inner, content)])]);
    wrapper.fromMe = fromMe;
    return wrapper;
  }

  function sendFrom(editor, messages, phone) {
    var text = textOf(editor);
    if (!text.trim()) return;
    setParagraphs(editor, '');
    post(messages, phone, text, null);
  }

  // A message leaving the page: its bubble with the clock, then the server, then a tick.
  function post(messages, phone, text, file) {
    // Not what the real page does: the double's switches (generation, failSends) reach a chat that
    // stays open from one message to the next.
    refreshConfigNow();
    var id = newMessageId();
    var b = bubble(phone, id, text, 'pending', !(messages.lastChild && messages.lastChild.fromMe), file && file.name);
    messages.appendChild(b);
    if (config.failSends) {
      // The message never reaches the server: after a while the page marks it failed.
      setTimeout(function () { setState(b, 'failed'); }, config.ackDelayMs);
      return;
    }
    api('POST', '/__wa/send', { phone: phone, text: text, id: id, token: localStorage.getItem('WAToken2'), file: file }).then(function (r) {
      if (!r.ack) return;
      // Two ticks and " Read " come later, from the receipts (showReceipts).
      setTimeout(function () { setState(b, 'sent'); }, r.ackDelayMs);
      // Switch: the other side answers at once, with the very same words.
      if (r.reply) {
        setTimeout(function () {
          if (messages.isConnected) messages.appendChild(incomingBubble(phone.replace(/[^0-9]/g, ''), r.reply.id, r.reply.text, true));
        }, r.reply.delayMs);
      }
    });
  }

  // ---- receipts: the open chat's ticks and the chat list rows, live (whatsapp-web-facts.md,
  // "Delivered and read"). The double's server decides when each message is delivered and read;
  // the page asks it every 200 ms, as the real app hears of acks.
  var RANK = { pending: 0, sent: 1, delivered: 2, read: 3 };
  function messageIdOf(row) {
    var key = row.getAttribute('data-msg-key') || row.getAttribute('data-id') || '';
    return key.slice(key.lastIndexOf('_') + 1);
  }
  function shownState(row) {
    var icon = row.querySelector('.msg-state');
    var label = icon ? (icon.getAttribute('aria-label') || '') : '';
    var found = 'pending';
    Object.keys(STATES).forEach(function (k) { if (STATES[k].label === label) found = k; });
    return found;
  }
  function showReceipts() {
    var token = localStorage.getItem('WAToken2') || '';
    api('GET', '/__wa/receipts?token=' + encodeURIComponent(token)).then(function (r) {
      document.querySelectorAll('#main [data-id], #main [data-msg-key]').forEach(function (row) {
        var state = r.states[messageIdOf(row)];
        // Only forward, and only past the single tick the page itself shows after the send.
        if (state && RANK[state] >= 2 && RANK[state] > RANK[shownState(row)]) setState(row, state);
      });
      drawChatList(r.chats);
    }, function () {});
  }
  function drawChatList(chats) {
    var grid = document.querySelector('#pane-side [role="grid"]');
    if (!grid) return;
    var drawn = JSON.stringify(chats);
    if (grid.__drawn === drawn) return;
    grid.__drawn = drawn;
    grid.innerHTML = '';
    chats.forEach(function (c) {
      var preview = [];
      if (c.fromMe && STATES[c.state]) {
        var st = STATES[c.state];
        preview.push(h('span', { 'data-icon': st.icon, 'data-testid': st.icon, 'aria-label': st.label }));
      }
      var shown = c.text.replace(/\s+/g, ' ');
      preview.push(h('span', { dir: 'ltr', title: shown }, [shown]));
      grid.appendChild(h('div', { role: 'row' }, [h('div', { role: 'gridcell', tabindex: '-1' }, [
        h('div', { 'class': 'chat-title' }, [h('span', { dir: 'auto', title: c.title }, [c.title])]),
        h('div', { 'class': 'chat-preview' }, preview)])]));
    });
  }

  // ---- sending a file (whatsapp-web-facts.md, "Sending a file") ----
  // The footer's attach button opens a menu; "Document" and "Photos & videos" are each backed by a
  // hidden file input present while the menu is open. A chosen file opens the media editor over
  // the chat: a preview, a caption box (a Lexical-like editor), a send button; Enter sends.
  var PHOTO_LIMIT = 16 * 1024 * 1024;
  function attachButton(messages, phone) {
    var button = config.generation === 'earlier_2025'
        ? h('div', { role: 'button', title: 'Attach', tabindex: '0' }, [h('span', { 'data-icon': 'clip' })])
        : h('button', { type: 'button', 'aria-label': 'Attach' }, [h('span', { 'data-icon': 'plus-rounded' })]);
    button.addEventListener('click', function () {
      var open = document.getElementById('attach-menu');
      if (open) { open.remove(); return; }
      app.appendChild(attachMenu(messages, phone));
    });
    return button;
  }
  function attachMenu(messages, phone) {
    function item(label, icon, accept, asDocument) {
      var input = h('input', { type: 'file', accept: accept, multiple: 'true', style: 'display:none' });
      input.addEventListener('change', function () {
        var files = Array.prototype.slice.call(input.files);
        menu.remove();
        if (!files.length) return;
        if (!asDocument && files[0].size > PHOTO_LIMIT) return fileTooLarge();
        mediaEditor(messages, phone, files[0], asDocument);
      });
      return h('li', { role: 'button', tabindex: '0', 'aria-label': label }, [h('span', { 'data-icon': icon }), h('span', {}, [label]), input]);
    }
    var menu = h('ul', { id: 'attach-menu', role: 'application', 'class': 'attach-menu' }, [
      item('Document', 'document-filled', '*', true),
      item('Photos & videos', 'media-filled', 'image/*,video/mp4,video/3gpp,video/quicktime', false)]);
    return menu;
  }
  function fileTooLarge() {
    var ok = h('button', { type: 'button' }, [h('div', {}, ['OK'])]);
    var modal = h('div', { 'data-animate-modal-popup': 'true', role: 'dialog' }, [
      h('div', { 'data-animate-modal-body': 'true' }, [
        h('div', { 'class': 'modal-text' }, ['The file you tried adding is larger than 16 MB.']),
        h('div', { 'class': 'modal-buttons' }, [ok])])]);
    ok.addEventListener('click', function () { modal.remove(); });
    app.appendChild(modal);
  }
  function mediaEditor(messages, phone, file, asDocument) {
    var caption = h('div', { contenteditable: 'true', role: 'textbox', 'aria-label': 'Add a caption',
      'aria-placeholder': 'Add a caption', 'data-lexical-editor': 'true', 'data-tab': '10' });
    setParagraphs(caption, '');
    var send = h('div', { role: 'button', tabindex: '0', 'aria-label': 'Send' }, [h('span', { 'data-icon': 'wds-ic-send-filled' })]);
    var editor = h('div', { id: 'media-editor', 'class': 'media-editor' }, [
      h('div', { 'class': 'preview' }, [h('span', { title: file.name }, [file.name])]), caption, send]);
    app.appendChild(editor);
    caption.focus();
    var gone = false;
    function go() {
      if (gone) return;
      gone = true;
      var text = textOf(caption);
      editor.remove();
      file.arrayBuffer().then(function (bytes) { return crypto.subtle.digest('SHA-256', bytes); }).then(function (digest) {
        var hex = Array.prototype.map.call(new Uint8Array(digest), function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
        post(messages, phone, text, { name: file.name, size: file.size, type: file.type, sha256: hex, asDocument: asDocument });
      });
    }
    caption.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (e.shiftKey) document.execCommand('insertParagraph', false, null);
      else go();
    });
    caption.addEventListener('paste', function (e) {
      e.preventDefault();
      document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
    });
    send.addEventListener('click', go);
  }

  function invalidNumber() {
    var ok = h('button', { type: 'button' }, [h('div', {}, ['OK'])]);
    var modal = h('div', { 'data-animate-modal-popup': 'true', role: 'dialog' }, [
      h('div', { 'data-animate-modal-body': 'true' }, [
        h('div', { 'class': 'modal-text' }, ['Phone number shared via url is invalid.']),
        h('div', { 'class': 'modal-buttons' }, [ok])])]);
    ok.addEventListener('click', function () { modal.remove(); });
    app.appendChild(modal);
  }

  // ---- link with phone number (pairing code), whatsapp-web-facts.md "Linking by phone number" ----
  function linkWithPhoneHint() {
    var hint = h('div', { role: 'button', tabindex: '0', 'data-testid': 'link-device-qrcode-alt-linking-hint',
      'class': 'alt-linking-hint' }, [h('span', {}, ['Link with phone number instead'])]);
    hint.addEventListener('click', function () { showPhoneNumberEntry(''); });
    return hint;
  }
  var COUNTRIES = [['972', 'Israel'], ['55', 'Brazil'], ['44', 'United Kingdom'], ['49', 'Germany'], ['1', 'United States']];
  function countryOf(digits) {
    for (var i = 0; i < COUNTRIES.length; i++) if (digits.indexOf(COUNTRIES[i][0]) === 0) return COUNTRIES[i];
    return null;
  }
  function showPhoneNumberEntry(phone) {
    stopTimers();
    app.innerHTML = '';
    var picker = h('div', { role: 'button', 'data-testid': 'country-selector' }, ['United States']);
    var input = h('input', { type: 'text', 'data-testid': 'phone-number-input', 'aria-label': 'Type your phone number.',
      autocomplete: 'off' });
    input.value = phone ? '+' + phone : '+1 ';
    // Like the real field: the country is derived again from all the digits on every edit.
    input.addEventListener('input', function () {
      var c = countryOf(input.value.replace(/[^0-9]/g, ''));
      picker.textContent = c ? c[1] : 'Choose a country';
    });
    var next = h('button', { type: 'submit' }, [h('div', {}, ['Next'])]);
    var form = h('form', {}, [picker, input, next]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var digits = input.value.replace(/[^0-9]/g, '');
      api('GET', '/__wa/pairing/start?phone=' + encodeURIComponent(digits)).then(function (r) {
        if (r.invalid) return pairingModal('Invalid phone number. Please try again.');
        showLinkCode(r.ref, digits);
      });
    });
    var back = h('div', { role: 'button', tabindex: '0', 'class': 'alt-linking-hint' }, [h('span', {}, ['Log in with QR code'])]);
    back.addEventListener('click', showQr);
    app.appendChild(h('div', { 'class': 'landing-window' }, [
      h('div', { 'class': 'landing-title' }, ['Enter phone number']),
      h('div', {}, ['Select a country and enter your phone number.']), form, back]));
    input.focus();
  }
  function pairingModal(text) {
    var ok = h('button', { type: 'button' }, [h('div', {}, ['OK'])]);
    var modal = h('div', { 'data-animate-modal-popup': 'true', role: 'dialog' }, [
      h('div', { 'data-animate-modal-body': 'true' }, [h('div', { 'class': 'modal-text' }, [text]),
        h('div', { 'class': 'modal-buttons' }, [ok])])]);
    ok.addEventListener('click', function () { modal.remove(); });
    app.appendChild(modal);
  }
  function showLinkCode(ref, phone) {
    stopTimers();
    app.innerHTML = '';
    var cells = h('div', { 'data-testid': 'link-with-phone-number-code-cells', 'class': 'code-cells' });
    var body = h('div', {}, [cells]);
    var edit = h('div', { role: 'button', tabindex: '0', 'class': 'alt-linking-hint' }, [h('span', {}, ['Edit'])]);
    edit.addEventListener('click', function () { showPhoneNumberEntry(phone); });
    app.appendChild(h('div', { 'class': 'landing-window' }, [
      h('div', { 'class': 'landing-title' }, ['Enter code on phone']),
      h('div', {}, ['Linking WhatsApp account +' + phone + ' ', edit]),
      h('ol', {}, [h('li', {}, ['Open WhatsApp on your phone']), h('li', {}, ['Tap Menu > Linked devices > Link a device']),
        h('li', {}, ['Tap Link with phone number instead and enter this code on your phone'])]), body]));
    var shown = null, mine = screen;
    function render(code) {
      shown = code;
      cells.setAttribute('data-link-code', code.split('').join(','));
      cells.innerHTML = '';
      code.split('').forEach(function (ch, i) {
        if (i === 4) cells.appendChild(h('span', { 'class': 'code-dash' }, ['-']));
        cells.appendChild(h('span', { 'class': 'code-cell' }, [ch]));
      });
    }
    function expired() {
      body.innerHTML = '';
      var again = h('div', { role: 'button', tabindex: '0', 'class': 'code-expired' }, [
        h('div', {}, ['Code expired']), h('div', {}, ['Click to get a new code'])]);
      again.addEventListener('click', function () { showPhoneNumberEntry(phone); });
      body.appendChild(again);
    }
    function poll() {
      if (mine !== screen) return;
      api('GET', '/__wa/pairing?ref=' + encodeURIComponent(ref)).then(function (r) {
        if (mine !== screen) return;
        if (r.linked) {
          localStorage.setItem('WAToken2', r.linked);
          localStorage.setItem('last-wid-md', JSON.stringify(r.wid));
          localStorage.removeItem('old-logout-cred');
          return showLoggedIn();
        }
        if (r.expired) return expired();
        if (r.code !== shown) render(r.code);
        setTimeout(poll, 250);
      }, function () { setTimeout(poll, 250); });
    }
    poll();
  }

  // ---- is the number on WhatsApp: asked once per number for the page's life (facts) ----
  var existence = {};
  function numberExists(phone) {
    var d = phone.replace(/[^0-9]/g, '');
    if (!existence[d]) existence[d] = api('GET', '/__wa/exists?phone=' + d).then(function (r) { return r.exists; });
    return existence[d];
  }

  // ---- opening a chat inside the loaded app (facts: "Opening a chat inside the loaded app") ----
  // A capture-phase click listener on window: only a click whose target is itself an A element
  // (no ancestor with data-nohandle), only on the main screen; otherwise the browser follows the link.
  function chatCommand(href) {
    var u;
    try { u = new URL(href, location.href); } catch (e) { return null; }
    var phone = null, text = u.searchParams.get('text') || '';
    if (u.protocol === 'https:' && u.hostname === 'wa.me') phone = u.pathname.replace(/^\//, '');
    else if (u.protocol === 'https:' && u.hostname === 'api.whatsapp.com' && u.pathname === '/send') phone = u.searchParams.get('phone');
    else if (u.protocol === 'whatsapp:' && /^\/?\/?send/.test(u.pathname + u.host)) phone = u.searchParams.get('phone');
    else if (u.protocol === 'https:' && u.hostname === 'web.whatsapp.com' && /^\/send\/?$/.test(u.pathname)) phone = u.searchParams.get('phone');
    if (!phone || !/^[0-9]+$/.test(phone)) return null;
    return { phone: phone, text: text };
  }
  function onMainScreen() {
    return !!document.getElementById('side') && !document.querySelector('[data-animate-modal-popup]');
  }
  function refreshConfigNow() {
    // Not what the real page does: the double's inAppLinks switch takes effect at once.
    var x = new XMLHttpRequest();
    x.open('GET', '/__wa/config', false);
    x.send();
    if (x.status === 200) config = JSON.parse(x.responseText);
  }
  window.addEventListener('click', function (e) {
    if (e.target && e.target.tagName === 'A') refreshConfigNow();
    if (!config.inAppLinks) return;
    var a = e.target;
    if (!a || a.tagName !== 'A' || a.closest('[data-nohandle]') || !onMainScreen()) return;
    var command = chatCommand(a.getAttribute('href'));
    if (!command) return;
    e.preventDefault();
    // Switch: an app that also keeps the click to itself (the facts do not say the real one does not).
    if (config.stopLinkClicks) e.stopPropagation();
    openChatInApp(command.phone, command.text);
  }, true);
  function openChatInApp(phone, text) {
    // "Starting chat" shows only when the server takes over 250 ms, then for at least 750 ms.
    var popup = null, shownAt = 0;
    var slow = setTimeout(function () {
      popup = h('div', { 'data-animate-modal-popup': 'true', role: 'dialog' }, [
        h('div', { 'data-animate-modal-body': 'true' }, [h('div', { 'class': 'modal-text' }, ['Starting chat'])])]);
      shownAt = Date.now();
      app.appendChild(popup);
    }, 250);
    numberExists(phone).then(function (exists) {
      clearTimeout(slow);
      var wait = popup ? Math.max(0, 750 - (Date.now() - shownAt)) : 0;
      setTimeout(function () {
        if (popup) popup.remove();
        if (exists) openChat(phone, text, 'link');
        else notOnWhatsApp(phone);
      }, wait);
    });
  }
  function notOnWhatsApp(phone) {
    var ok = h('button', { type: 'button' }, [h('div', {}, ['OK'])]);
    var modal = h('div', { 'data-animate-modal-popup': 'true', role: 'dialog' }, [
      h('div', { 'data-animate-modal-body': 'true' }, [
        h('div', { 'class': 'modal-text' }, ['The phone number +' + phone + ' isn\u2019t on WhatsApp.']),
        h('div', { 'class': 'modal-buttons' }, [ok])])]);
    ok.addEventListener('click', function () { modal.remove(); });
    app.appendChild(modal);
  }

  // ---- "New chat": search the full number in the drawer (debounced 100 ms) ----
  function newChatButton() {
    if (!config.newChatSearch) return h('span', {});
    var button = h('div', { role: 'button', tabindex: '0', title: 'New chat', 'aria-label': 'New chat' },
      [h('span', { 'data-icon': 'new-chat-outline' })]);
    button.addEventListener('click', showNewChatDrawer);
    return button;
  }
  function showNewChatDrawer() {
    var old = document.getElementById('new-chat-drawer');
    if (old) old.remove();
    var search = h('div', { contenteditable: 'true', role: 'textbox', 'data-tab': '3',
      'aria-label': 'Search name or number', 'aria-placeholder': 'Search name or number' });
    var results = h('div', { 'class': 'drawer-results' });
    var back = h('div', { role: 'button', 'aria-label': 'Back' }, [h('span', { 'data-icon': 'back' })]);
    var drawer = h('div', { id: 'new-chat-drawer', 'class': 'drawer' }, [
      h('header', {}, [back, h('h1', {}, ['New chat'])]), h('div', { 'class': 'search' }, [search]), results]);
    back.addEventListener('click', function () { drawer.remove(); });
    app.appendChild(drawer);
    var debounce = null, found = null;
    function choose(phone) { drawer.remove(); openChat(phone, '', 'search'); }
    search.addEventListener('input', function () {
      clearTimeout(debounce);
      found = null;
      debounce = setTimeout(function () {
        var query = search.textContent;
        var d = query.replace(/[^0-9]/g, '');
        results.innerHTML = '';
        if (d.length < 7) return;
        numberExists(d).then(function (exists) {
          if (search.textContent !== query) return;
          results.innerHTML = '';
          if (!exists) {
            results.appendChild(h('div', { 'class': 'no-results' }, ['No results found for \u2018' + query + '\u2019']));
            return;
          }
          found = d;
          var item = h('div', { role: 'listitem' }, [h('div', { role: 'button', tabindex: '0' }, [
            h('span', { title: '+' + d, dir: 'auto' }, ['+' + d])])]);
          item.addEventListener('click', function () { choose(d); });
          results.appendChild(h('div', { 'class': 'section-title' }, ['Not in your contacts']));
          results.appendChild(item);
        });
      }, 100);
    });
    search.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      if (found) choose(found);
    });
    search.focus();
  }

  showLoading();
  // What the page can tell about its client, as the real one can (whatsapp-web-facts.md, "Detection").
  api('GET', '/__wa/client?webdriver=' + encodeURIComponent(String(navigator.webdriver))
      + '&language=' + encodeURIComponent(navigator.language)
      + '&languages=' + encodeURIComponent((navigator.languages || []).join(',')));
  api('GET', '/__wa/config').then(function (c) {
    config = c;
    if (c.variant && wanted) {
      // Variant: take the /send intent to a second document, as some pages do.
      sessionStorage.setItem('wanted', JSON.stringify(wanted));
      location.replace('/');
      return;
    }
    var stored = sessionStorage.getItem('wanted');
    if (stored) { wanted = JSON.parse(stored); sessionStorage.removeItem('wanted'); }
    setTimeout(boot, c.loadDelayMs);
  });
})();
