// Type-ahead pickers (views/partials/_combobox.eta): the WAI-ARIA combobox pattern with a listbox
// popup. Typing asks the server for suggestions; Down/Up move through them, Enter chooses,
// Escape closes (or clears). Events are delegated, so pickers swapped in by htmx work too.
// Without this file the form still works: the server reads the typed text.
(function () {
  if (window.comboboxReady) return;
  window.comboboxReady = true;
  var DELAY = 150;

  function isCombobox(el) {
    return el instanceof HTMLInputElement && el.getAttribute('role') === 'combobox' && !!el.dataset.source;
  }
  function parts(input) {
    var box = input.closest('[data-combobox]');
    return {
      list: document.getElementById(input.getAttribute('aria-controls')),
      status: box.querySelector('[role="status"]'),
      hidden: box.querySelector('[data-combobox-value]'),
      chosen: box.querySelector('[data-combobox-chosen]'),
    };
  }
  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
  }
  function isOpen(input) {
    return input.getAttribute('aria-expanded') === 'true';
  }
  function close(input) {
    var p = parts(input);
    p.list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  function open(input) {
    var p = parts(input);
    if (options(p.list).length === 0) return;
    p.list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function activeIndex(input) {
    var id = input.getAttribute('aria-activedescendant');
    return id ? options(parts(input).list).findIndex((o) => o.id === id) : -1;
  }
  function setActive(input, index) {
    var opts = options(parts(input).list);
    opts.forEach(function (o, i) {
      o.setAttribute('aria-selected', i === index ? 'true' : 'false');
    });
    var option = opts[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function load(input) {
    var p = parts(input);
    var q = input.value.trim();
    if (input.comboboxRequest) input.comboboxRequest.abort();
    if (q === '') {
      p.list.innerHTML = '';
      p.status.textContent = '';
      close(input);
      return;
    }
    var request = new AbortController();
    input.comboboxRequest = request;
    var url = input.dataset.source + (input.dataset.source.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q);
    fetch(url, { headers: { 'HX-Request': 'true', Accept: 'text/html' }, credentials: 'same-origin', signal: request.signal })
      .then(function (response) {
        return response.ok ? response.text() : '';
      })
      .then(function (html) {
        if (request.signal.aborted) return;
        // Server-rendered, escaped markup of our own origin; innerHTML runs no scripts.
        p.list.innerHTML = html;
        var opts = options(p.list);
        opts.forEach(function (o, i) {
          o.id = p.list.id + '-' + i;
        });
        p.status.textContent = opts.length > 0 ? p.status.dataset.count.replace('{n}', String(opts.length)) : p.status.dataset.none;
        if (opts.length > 0 && document.activeElement === input) {
          open(input);
          setActive(input, -1);
        } else {
          close(input);
        }
      })
      .catch(function () {
        /* aborted by the next keystroke, or offline: the typed text is still sent with the form */
      });
  }

  function choose(input, option) {
    var p = parts(input);
    var value = option.dataset.value;
    var label = option.dataset.label;
    close(input);
    if (p.chosen) {
      var box = null;
      p.chosen.querySelectorAll('input[type="checkbox"]').forEach(function (c) {
        if (c.value === value) box = c;
      });
      if (!box) {
        var item = document.createElement('li');
        item.className = 'choice';
        box = document.createElement('input');
        box.type = 'checkbox';
        box.name = p.chosen.dataset.comboboxChosen;
        box.value = value;
        box.id = input.id + '-c-' + value;
        var text = document.createElement('label');
        text.htmlFor = box.id;
        text.textContent = label;
        item.append(box, ' ', text);
        p.chosen.append(item);
      }
      box.checked = true;
      input.value = '';
      p.status.textContent = '';
      box.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      p.hidden.value = value;
      input.value = label;
      p.hidden.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  var timers = new WeakMap();
  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!isCombobox(input)) return;
    var p = parts(input);
    if (p.hidden) p.hidden.value = ''; // typed, not chosen: the server reads the text
    clearTimeout(timers.get(input));
    timers.set(
      input,
      setTimeout(function () {
        load(input);
      }, DELAY),
    );
  });

  document.addEventListener('keydown', function (event) {
    var input = event.target;
    if (!isCombobox(input)) return;
    var count = options(parts(input).list).length;
    var index = activeIndex(input);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      if (!isOpen(input)) {
        open(input);
        setActive(input, event.key === 'ArrowDown' ? 0 : count - 1);
      } else if (event.key === 'ArrowDown') {
        setActive(input, index + 1 >= count ? 0 : index + 1);
      } else {
        setActive(input, index <= 0 ? count - 1 : index - 1);
      }
    } else if (event.key === 'Enter') {
      if (isOpen(input) && index >= 0) {
        event.preventDefault();
        choose(input, options(parts(input).list)[index]);
      }
    } else if (event.key === 'Escape') {
      if (isOpen(input)) {
        event.preventDefault();
        close(input);
      } else if (input.value !== '') {
        event.preventDefault();
        input.value = '';
        var p = parts(input);
        if (p.hidden) p.hidden.value = '';
      }
    } else if (event.key === 'Tab') {
      close(input);
    }
  });

  // A pointer choice: mousedown keeps the focus in the input; click chooses.
  document.addEventListener('mousedown', function (event) {
    if (event.target instanceof Element && event.target.closest('[data-combobox] [role="listbox"]')) event.preventDefault();
  });
  document.addEventListener('click', function (event) {
    var option = event.target instanceof Element ? event.target.closest('[data-combobox] [role="option"]') : null;
    if (!option) return;
    var input = document.querySelector('[aria-controls="' + option.parentElement.id + '"]');
    if (input && isCombobox(input)) {
      choose(input, option);
      input.focus();
    }
  });
  document.addEventListener('focusout', function (event) {
    if (isCombobox(event.target)) close(event.target);
  });
})();
