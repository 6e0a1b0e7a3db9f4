// SHA-1 of a string's UTF-8 bytes, and MOR's request hash. Plain JavaScript, because the browser's
// crypto.subtle exists only on HTTPS or localhost pages and the explorer may be opened over plain HTTP.
(function (root) {
  'use strict';

  function sha1(message) {
    var bytes = new TextEncoder().encode(message);
    var words = new Uint32Array((((bytes.length + 8) >> 6) + 1) * 16);
    for (var i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    words[bytes.length >> 2] |= 0x80 << (24 - (bytes.length % 4) * 8);
    var bits = bytes.length * 8;
    words[words.length - 2] = Math.floor(bits / 0x100000000);
    words[words.length - 1] = bits >>> 0;
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
    var w = new Uint32Array(80);
    for (var block = 0; block < words.length; block += 16) {
      for (var t = 0; t < 16; t++) w[t] = words[block + t];
      for (t = 16; t < 80; t++) {
        var x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
        w[t] = (x << 1) | (x >>> 31);
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
      for (t = 0; t < 80; t++) {
        var f, k;
        if (t < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (t < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        var next = (((a << 5) | (a >>> 27)) + f + e + k + w[t]) >>> 0;
        e = d; d = c; c = ((b << 30) | (b >>> 2)) >>> 0; b = a; a = next;
      }
      h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0; h[4] = (h[4] + e) >>> 0;
    }
    return h.map(function (v) { return v.toString(16).padStart(8, '0'); }).join('');
  }

  /** The string MOR hashes: the hash params' values in order (params not sent are skipped). */
  function hashSource(params, order) {
    var text = '';
    for (var i = 0; i < order.length; i++) if (params[order[i]] !== undefined) text += params[order[i]];
    return text;
  }

  function morHash(params, order, key) {
    return sha1(hashSource(params, order) + key);
  }

  var api = { sha1: sha1, hashSource: hashSource, morHash: morHash };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.MorHash = api;
})(this);
