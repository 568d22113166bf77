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
