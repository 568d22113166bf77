// Live strength meter for new-password fields (views/auth/_password-meter.eta). It only guides: the
// server's checkPassword() decides, against the breached-password list too. Mirrors passwordStrength()
// in src/auth/passwords.ts for the rules it can check without the list.
(function () {
  'use strict';
  function compact(s) {
    return s
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]/gu, '');
  }
  function repetitive(p) {
    p = p.toLowerCase();
    if (p.trim() === '' || new Set(p.replace(/\s/g, '')).size < 4) return true;
    return /^(.{1,6}?)\1+$/su.test(p) || /^(.{1,6}?)\1+$/su.test(compact(p));
  }
  function personal(p, email, name) {
    var c = compact(p);
    var local = compact(email.split('@')[0] || '');
    var whole = compact(name);
    if (email && p.toLowerCase().indexOf(email) >= 0) return true;
    if ((local.length >= 4 && c.indexOf(local) >= 0) || (whole.length >= 4 && c.indexOf(whole) >= 0)) return true;
    var parts = name
      .split(/\s+/)
      .concat((email.split('@')[0] || '').split(/[._+-]/))
      .map(compact)
      .filter(function (x) {
        return x.length >= 3;
      });
    return parts.some(function (part) {
      return c.indexOf(part) >= 0 && part.length * 2 >= c.length;
    });
  }
  function strength(p, email, name) {
    var length = Array.from(p).length;
    if (length < 12 || length > 256 || repetitive(p) || personal(p, email, name)) return 0;
    var classes = [/[a-z]/, /[A-Z]/, /\d/, /[^\w\s]/, /\s/].filter(function (r) {
      return r.test(p);
    }).length;
    if (length >= 20 || (length >= 16 && classes >= 3)) return 4;
    if (length >= 16 || (length >= 14 && classes >= 3)) return 3;
    if (length >= 14 || classes >= 3) return 2;
    return 1;
  }
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.id) return;
    var box = document.querySelector('[data-password-meter="' + input.id + '"]');
    if (!box) return;
    var labels = JSON.parse(box.getAttribute('data-labels') || '[]');
    var score = strength(input.value, (box.getAttribute('data-email') || '').toLowerCase(), box.getAttribute('data-name') || '');
    box.hidden = input.value === '';
    box.querySelector('meter').value = score;
    box.querySelector('[aria-live]').textContent = labels[score] || '';
  });
})();
