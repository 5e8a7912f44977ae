/* Help centre: a tiny single-page app. Links with data-route change the view with
 * history.pushState; no page load happens. Deep links (/help/contact, ...) render on load. */
(function () {
  'use strict';

  var VIEWS = {
    '/help': {
      title: 'ヘルプセンター',
      html: '<h2>よくある質問</h2><ul class="list-group">' +
        '<li class="list-group-item">報酬の受け取り方法について</li>' +
        '<li class="list-group-item">本人確認書類の提出について</li>' +
        '<li class="list-group-item">契約のキャンセルについて</li></ul>'
    },
    '/help/contact': {
      title: 'お問い合わせ',
      html: '<h2>お問い合わせ</h2><p>よくある質問で解決しない場合は、フォームからお問い合わせください。' +
        '通常2営業日以内にご返信します。</p>' +
        '<p><a class="btn btn-primary" href="/contact">お問い合わせフォームを開く</a></p>'
    },
    '/help/community': {
      title: 'みんなの相談所',
      html: '<h2>みんなの相談所</h2><p>ユーザー同士で質問・相談ができる掲示板です。</p>' +
        '<ul class="list-group">' +
        '<li class="list-group-item">初めての受注で気をつけることは?</li>' +
        '<li class="list-group-item">見積もりの出し方を教えてください</li></ul>'
    }
  };

  function render(path) {
    var view = VIEWS[path] || VIEWS['/help'];
    var outlet = document.getElementById('help-view');
    if (!outlet) return;
    outlet.innerHTML = view.html;
    document.title = view.title + ' | CrowdLink';
    document.querySelectorAll('.help-nav a[data-route]').forEach(function (a) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[data-route]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    var path = link.getAttribute('href');
    if (path !== location.pathname) history.pushState({ path: path }, '', path);
    render(path);
  });

  window.addEventListener('popstate', function () { render(location.pathname); });
  document.addEventListener('DOMContentLoaded', function () { render(location.pathname); });
})();
