// Small progressive enhancements. Everything works without this file.
(function () {
  // Ask before destructive actions: <form data-confirm="Are you sure?">.
  document.addEventListener(
    'submit',
    function (event) {
      var form = event.target;
      if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  // A failed htmx request (403, 404, 500, network) is not swapped in (see htmx-config); say so.
  function showError(message) {
    var box = document.getElementById('htmx-error');
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }
  document.addEventListener('htmx:response:error', function (event) {
    var detail = event.detail || {};
    var response = detail.ctx && detail.ctx.response;
    var status = response && response.status;
    if (status === 422) return;
    var text = response && response.raw ? '' : '';
    showError((document.documentElement.dataset.errorText || 'Error') + (status ? ' (' + status + ')' : '') + text);
  });
  document.addEventListener('htmx:error', function () {
    showError(document.documentElement.dataset.errorText || 'Error');
  });
  document.addEventListener('htmx:before:request', function () {
    var box = document.getElementById('htmx-error');
    if (box) box.hidden = true;
  });
})();

// Phone and keyboard (issue 19): the menu button, tables that scroll sideways, focus after htmx swaps.
(function () {
  var root = document.documentElement;

  // The navigation folds behind the menu button on a phone. Without this script the button is a
  // link to #main-nav, which CSS opens (:target).
  var toggle = document.querySelector('.menu-toggle');
  var nav = document.getElementById('main-nav');
  if (toggle && nav) {
    toggle.setAttribute('role', 'button');
    toggle.setAttribute('aria-expanded', 'false');
    var setOpen = function (open) {
      nav.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', String(open));
    };
    toggle.addEventListener('click', function (event) {
      event.preventDefault();
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    // A link with role=button also answers the space bar.
    toggle.addEventListener('keydown', function (event) {
      if (event.key === ' ') {
        event.preventDefault();
        toggle.click();
      }
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && nav.classList.contains('open')) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // A table wider than its box: the box becomes a named, focusable region (so the keyboard can
  // scroll it), its first column stays in view (CSS) and a line above it says it scrolls.
  function markTables(scope) {
    var wraps = (scope || document).querySelectorAll('.table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling;
      var hasHint = hint && hint.classList.contains('scroll-hint');
      if (overflows) {
        wrap.setAttribute('data-overflow', '');
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        var caption = wrap.querySelector('caption');
        var label = (caption && caption.textContent.trim()) || root.dataset.scrollHint || '';
        wrap.setAttribute('aria-label', label);
        if (!hasHint) {
          hint = document.createElement('p');
          hint.className = 'scroll-hint';
          hint.textContent = root.dataset.scrollHint || '';
          wrap.parentNode.insertBefore(hint, wrap);
        }
      } else if (wrap.hasAttribute('data-overflow')) {
        wrap.removeAttribute('data-overflow');
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-label');
        if (hasHint) hint.remove();
      }
    }
  }
  markTables(document);
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    window.cancelAnimationFrame(resizeTimer);
    resizeTimer = window.requestAnimationFrame(function () {
      markTables(document);
    });
  });

  // Say what changed, through one polite live region that is on the page from the start.
  function announce(text) {
    var live = document.getElementById('live-region');
    if (!live || !text) return;
    live.textContent = '';
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }
  function clean(text) {
    return (text || '').replace(/\s+/g, ' ').trim();
  }
  function focusOn(el) {
    if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
    el.focus();
  }

  // After an htmx swap: the first invalid field if there is one; else, when the swap took focus
  // away (the focused element was replaced) or a link or button asked for the new content, the
  // updated region's heading (or the region itself when it has none). Focus that htmx kept on a
  // field with the same id (the people refresh) stays there. Typing in a search box never loses focus.
  var pending = null;
  document.addEventListener('htmx:before:swap', function (event) {
    var ctx = event.detail && event.detail.ctx;
    var source = ctx && ctx.sourceElement;
    var focused = document.activeElement;
    // A link or button asked for the content, or a form was sent with its button. A form that
    // sends itself when a filter changes leaves focus on the filter.
    var isForm = !!(source && source.tagName === 'FORM');
    pending = {
      clicked: !!(
        source &&
        source.matches &&
        (source.matches('a, button, input[type=submit]') || (isForm && focused && focused.matches('button, input[type=submit]')))
      ),
    };
  });
  document.addEventListener('htmx:after:settle', function (event) {
    var detail = event.detail || {};
    var task = detail.task;
    if (!task || task.type !== 'main') return;
    var region = task.target;
    if (!region || !region.isConnected) return;
    markTables(region.parentNode || document);
    var state = pending || { clicked: false };
    pending = null;
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected;
    var invalid = region.querySelector('[aria-invalid="true"]');
    if (invalid) {
      focusOn(invalid);
      var summary = region.querySelector('.form-error');
      var message = invalid.id && document.getElementById('e-' + invalid.id.replace(/^f-/, ''));
      announce(clean((summary ? summary.textContent : '') + ' ' + (message ? message.textContent : '')));
      return;
    }
    if (active && active !== document.body && region.contains(active)) {
      announce(clean(region.getAttribute('data-announce') || root.dataset.updatedText));
      return;
    }
    if (!lost && !state.clicked) {
      // Focus stays where the user is (a filter, a search box); a region that is not itself live is announced.
      if (!region.closest('[aria-live]')) announce(root.dataset.updatedText);
      return;
    }
    var heading = region.matches('h1, h2, h3, h4, h5, h6') ? region : region.querySelector('h1, h2, h3, h4, h5, h6');
    var status = region.matches('[role=status]') ? region : region.querySelector('[role=status]');
    focusOn(heading || region);
    announce(clean((heading ? heading.textContent : '') + ' ' + (status && status !== heading ? status.textContent : '')));
  });

  // A form sent without htmx and refused comes back as a whole page: the first field to fix gets focus there too.
  function focusFirstInvalid() {
    var invalid = document.querySelector('main [aria-invalid="true"]');
    if (invalid && (!document.activeElement || document.activeElement === document.body)) focusOn(invalid);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusFirstInvalid);
  else focusFirstInvalid();
})();

// The header search's results popup: Escape, a click elsewhere or focus leaving the search closes it;
// the down arrow moves from the field into the results and the arrows move between them.
(function () {
  function popup() {
    return document.getElementById('search-popup');
  }
  function close() {
    var box = popup();
    if (box && box.firstChild) box.replaceChildren();
  }
  function links() {
    var box = popup();
    return box ? Array.prototype.slice.call(box.querySelectorAll('a[href]')) : [];
  }
  document.addEventListener('keydown', function (event) {
    var form = event.target instanceof Element ? event.target.closest('.header-search') : null;
    if (!form) return;
    if (event.key === 'Escape' && popup() && popup().firstChild) {
      close();
      document.getElementById('header-q').focus();
      event.preventDefault(); // the results go first; a second Escape clears the field as usual
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    var all = links();
    if (all.length === 0) return;
    var at = all.indexOf(document.activeElement);
    var next = event.key === 'ArrowDown' ? Math.min(at + 1, all.length - 1) : at - 1;
    if (next < 0) document.getElementById('header-q').focus();
    else all[next].focus();
    event.preventDefault();
  });
  document.addEventListener('click', function (event) {
    if (!(event.target instanceof Element) || !event.target.closest('.header-search')) close();
  });
  document.addEventListener('focusin', function (event) {
    if (event.target instanceof Element && !event.target.closest('.header-search')) close();
  });
})();
