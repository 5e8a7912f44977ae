/* Withdrawal screen: the server ships an empty #app; this fetches the screen's data and draws it
 * (a heading, a notice and a Rails-style form whose submit button asks data-confirm). */
(function () {
  'use strict';

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return el;
  }

  function render(app, data) {
    var form = h('form', { method: 'post', action: data.form.action, class: 'withdrawal-form',
      'accept-charset': 'UTF-8' }, [
      h('input', { type: 'hidden', name: 'authenticity_token', value: data.form.token }),
      h('div', { class: 'form-actions' }, [
        h('button', { type: 'submit', class: 'btn btn-danger', 'data-confirm': data.form.confirm,
          'data-disable-with': '処理中…' }, [data.form.submit])
      ])
    ]);
    var card = h('div', { class: 'card' }, [
      h('div', { class: 'card-body' }, [
        h('p', { class: 'withdrawal-notice' }, [data.notice]),
        h('ul', { class: 'withdrawal-cautions small text-muted' },
          data.cautions.map(function (text) { return h('li', {}, [text]); })),
        form
      ])
    ]);
    app.replaceChildren(h('h1', { class: 'page-title' }, [data.title]), card);
  }

  function load() {
    var app = document.getElementById('app');
    if (!app) return;
    fetch(app.dataset.source || '/api/withdrawal', {
      credentials: 'same-origin', headers: { Accept: 'application/json' }
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) { render(app, data); })
      .catch(function () {
        app.replaceChildren(h('div', { class: 'alert alert-danger', role: 'alert' },
          ['読み込みに失敗しました。時間をおいて再度お試しください。']));
      });
  }

  document.addEventListener('DOMContentLoaded', function () { setTimeout(load, 300); });
})();
