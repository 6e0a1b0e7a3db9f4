/*
 * Kamailio app_jsdt (Duktape, ES5) helpers for the billing API: signing a request the way MOR
 * does (SHA1 over the hashed params' values, in order, then the secret key) and reading the
 * XML answers of call_authorize / call_start / call_end into $var()s and the route stack.
 */

function sha1(msg) {
  function rotl(n, s) { return (n << s) | (n >>> (32 - s)); }
  function hex(v) { var s = '', i; for (i = 7; i >= 0; i--) s += ((v >>> (i * 4)) & 15).toString(16); return s; }
  var utf8 = unescape(encodeURIComponent(msg));
  var words = [], i, len = utf8.length;
  for (i = 0; i < len; i++) words[i >> 2] |= utf8.charCodeAt(i) << (24 - (i % 4) * 8);
  words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
  words[(((len + 8) >> 6) << 4) + 15] = len * 8;
  var h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
  var w = new Array(80), blocks = ((((len + 8) >> 6) + 1) << 4);
  for (var b = 0; b < blocks; b += 16) {
    var a = h0, bb = h1, c = h2, d = h3, e = h4, t, j;
    for (j = 0; j < 80; j++) {
      w[j] = j < 16 ? (words[b + j] | 0) : rotl(w[j - 3] ^ w[j - 8] ^ w[j - 14] ^ w[j - 16], 1);
      if (j < 20) t = ((bb & c) | (~bb & d)) + 0x5A827999;
      else if (j < 40) t = (bb ^ c ^ d) + 0x6ED9EBA1;
      else if (j < 60) t = ((bb & c) | (bb & d) | (c & d)) + 0x8F1BBCDC;
      else t = (bb ^ c ^ d) + 0xCA62C1D6;
      t = (rotl(a, 5) + t + e + w[j]) | 0;
      e = d; d = c; c = rotl(bb, 30); bb = a; a = t;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  return hex(h0) + hex(h1) + hex(h2) + hex(h3) + hex(h4);
}

function get(name) {
  var v = KSR.pv.gete('$var(' + name + ')');
  return v === null || v === undefined ? '' : String(v);
}

/*
 * Builds the form body of a signed request into $var(body). $var(names) lists the params in hash
 * order, separated by commas; each value comes from $var(p_<name>); an empty value is not sent.
 */
function sign_request() {
  var names = get('names').split(','), parts = ['u=' + encodeURIComponent(get('api_user'))], signed = '', i, value;
  for (i = 0; i < names.length; i++) {
    value = get('p_' + names[i]);
    if (value === '') continue;
    signed += value;
    parts.push(names[i] + '=' + encodeURIComponent(value));
  }
  parts.push('hash=' + sha1(signed + get('api_key')));
  KSR.pv.sets('$var(body)', parts.join('&'));
}

function element(xml, name) {
  var m = new RegExp('<' + name + '>([^<]*)</' + name + '>').exec(xml);
  return m ? m[1] : '';
}

/* Reads call_authorize's answer: $var(status), $var(sip_code), $var(max_duration), and one $avp(route) per route, first route last pushed = first popped. */
function read_authorization() {
  var xml = get('reply'), routes = [], re = /<route>([\s\S]*?)<\/route>/g, m, i;
  var error = element(xml, 'error');
  KSR.pv.sets('$var(status)', error ? 'error' : element(xml, 'status'));
  KSR.pv.sets('$var(error)', error);
  KSR.pv.sets('$var(sip_code)', element(xml, 'sip_code') || '500');
  KSR.pv.sets('$var(hangupcause)', element(xml, 'hangupcause'));
  KSR.pv.sets('$var(max_duration)', element(xml, 'max_duration') || '0');
  KSR.pv.sets('$var(did_device)', element(xml, 'device_id'));
  while ((m = re.exec(xml)) !== null) {
    routes.push({ uri: 'sip:' + element(m[1], 'number') + '@' + element(m[1], 'host') + ':' + (element(m[1], 'port') || '5060'), provider: element(m[1], 'provider_id') });
  }
  // The AVP stack is last-in first-out: push the routes in reverse so $avp(route) is the first.
  for (i = routes.length - 1; i >= 0; i--) {
    KSR.pv.sets('$avp(route)', routes[i].uri);
    KSR.pv.sets('$avp(route_provider)', routes[i].provider);
  }
  KSR.pv.sets('$var(routes)', String(routes.length));
}

/* Whether a call_start / call_end answer acknowledges the call (ok, answered, refused, or already known). */
function read_ack() {
  var xml = get('reply');
  var ok = /<status>(ok|answered|refused)<\/status>/.test(xml);
  KSR.pv.sets('$var(acked)', ok ? '1' : '0');
}
