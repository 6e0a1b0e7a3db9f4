// The API explorer: lists the server's MOR methods, signs a request with a key typed here (the
// key itself is never sent), shows it as a curl line, sends it and pretty-prints the XML reply.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var methods = [];
  var current = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function renderList() {
    var filter = $('filter').value.trim().toLowerCase();
    var list = $('methods');
    list.replaceChildren();
    var family = null;
    var shown = 0;
    methods.forEach(function (m) {
      var names = [m.name].concat(m.aliases).join(' ');
      if (filter && names.indexOf(filter) < 0 && m.summary.toLowerCase().indexOf(filter) < 0) return;
      if (m.family !== family) {
        family = m.family;
        list.appendChild(el('li', { class: 'family', text: family }));
      }
      var button = el('button', { type: 'button', 'data-method': m.name, title: m.summary, text: m.name });
      if (current && current.name === m.name) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', function () { select(m.name); });
      list.appendChild(el('li', {}, [button]));
      shown++;
    });
    $('count').textContent = shown + ' of ' + methods.length + ' methods';
  }

  var ENVELOPES = {
    page: '<page><error>…</error></page>',
    status: '<page><status><error>…</error></status></page>',
    response: '<response><error>…</error></response>',
    login: '<action><status>failed</status><status_message>…</status_message></action>',
    logout: '<action><status>failed</status><status_message>…</status_message></action>'
  };

  function fact(dl, term, value) {
    dl.appendChild(el('dt', { text: term }));
    dl.appendChild(el('dd', { text: value }));
  }

  function select(name) {
    current = methods.find(function (m) { return m.name === name; }) || null;
    $('method').hidden = !current;
    $('welcome').hidden = !!current;
    renderList();
    if (!current) return;
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
    $('name').textContent = current.name;
    $('summary').textContent = current.summary;
    var facts = $('facts');
    facts.replaceChildren();
    fact(facts, 'aliases', current.aliases.join(', ') || '(none)');
    fact(facts, 'family', current.family);
    fact(facts, 'roles', current.roles.join(', '));
    fact(facts, 'access', current.access + (current.postOnly ? ', POST only' : ''));
    fact(facts, 'hash order', current.hash.join(', ') || '(none: the key only)');
    current.hashAlso.forEach(function (order) { fact(facts, 'also accepted', order.join(', ') || '(none)'); });
    fact(facts, 'errors reply', ENVELOPES[current.errorEnvelope] || current.errorEnvelope);
    var texts = current.errors.slice();
    current.params.forEach(function (p) { p.errors.forEach(function (t) { if (texts.indexOf(t) < 0) texts.push(t); }); });
    fact(facts, 'error texts', texts.join(' · '));
    var form = $('params');
    form.replaceChildren();
    current.params.forEach(function (p) {
      var label = el('label', { for: 'param-' + p.name, class: p.required ? 'required' : '' });
      if (p.hashPosition) label.appendChild(el('span', { class: 'hashpos', title: 'position in the hash', text: String(p.hashPosition) }));
      label.appendChild(document.createTextNode(p.name));
      var input = el('input', { id: 'param-' + p.name, name: p.name, 'data-param': p.name, spellcheck: 'false' });
      if (p.name === 'p') input.type = 'password';
      if (p.name === 'u') input.value = 'admin';
      input.addEventListener('input', update);
      form.appendChild(label);
      form.appendChild(input);
      form.appendChild(el('span', { class: 'rules', text: p.errors.join(' · ') }));
    });
    $('extra').value = '';
    $('verb').value = 'POST';
    $('status').textContent = '';
    $('reply').textContent = '';
    update();
  }

  /** The params to send, in form order: empty fields are not sent (so they are not hashed either). */
  function params() {
    var out = {};
    document.querySelectorAll('#params input').forEach(function (input) {
      if (input.value !== '') out[input.dataset.param] = input.value;
    });
    $('extra').value.split('\n').forEach(function (line) {
      var at = line.indexOf('=');
      if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1);
    });
    return out;
  }

  function request() {
    var sent = params();
    var key = $('key').value;
    $('hash-source').textContent = JSON.stringify(MorHash.hashSource(sent, current.hash));
    if (key !== '') sent.hash = MorHash.morHash(sent, current.hash, key);
    $('hash').textContent = sent.hash || '(type the key to compute it)';
    var query = new URLSearchParams(sent).toString();
    return { verb: $('verb').value, url: location.origin + '/billing/api/' + current.name + (query ? '?' + query : '') };
  }

  function shellQuote(text) {
    return "'" + text.replace(/'/g, "'\\''") + "'";
  }

  function update() {
    if (!current) return;
    var r = request();
    $('curl').textContent = 'curl -X ' + r.verb + ' ' + shellQuote(r.url);
  }

  function send() {
    var r = request();
    $('status').textContent = 'sending…';
    $('reply').textContent = '';
    fetch(r.url, { method: r.verb, credentials: 'omit', cache: 'no-store' }).then(function (res) {
      return res.text().then(function (body) {
        $('status').textContent = 'HTTP ' + res.status;
        $('reply').textContent = prettyXml(body);
      });
    }, function (error) {
      $('status').textContent = 'failed: ' + error.message;
    });
  }

  /** Indented XML (elements with only text stay on one line); anything unparsable is shown as it came. */
  function prettyXml(text) {
    var doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length > 0) return text;
    var lines = [];
    var declaration = /^<\?xml[^>]*\?>/.exec(text.trim());
    if (declaration) lines.push(declaration[0]);
    (function walk(node, depth) {
      var pad = '  '.repeat(depth);
      var elements = Array.prototype.filter.call(node.childNodes, function (c) { return c.nodeType === 1; });
      var open = '<' + node.nodeName + Array.prototype.map.call(node.attributes, function (a) { return ' ' + a.name + '="' + escapeXml(a.value) + '"'; }).join('') + '>';
      if (elements.length === 0) {
        var value = node.textContent;
        lines.push(pad + (value === '' ? open.replace(/>$/, '/>') : open + escapeXml(value) + '</' + node.nodeName + '>'));
        return;
      }
      lines.push(pad + open);
      elements.forEach(function (c) { walk(c, depth + 1); });
      lines.push(pad + '</' + node.nodeName + '>');
    })(doc.documentElement, 0);
    return lines.join('\n');
  }

  function escapeXml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  $('filter').addEventListener('input', renderList);
  $('key').addEventListener('input', update);
  $('verb').addEventListener('change', update);
  $('extra').addEventListener('input', update);
  $('send').addEventListener('click', send);

  fetch('/explorer/methods.json', { cache: 'no-store' }).then(function (res) { return res.json(); }).then(function (data) {
    methods = data.methods;
    renderList();
    document.body.dataset.ready = 'true';
    if (location.hash.length > 1) select(decodeURIComponent(location.hash.slice(1)));
  });
})();
