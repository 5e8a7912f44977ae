/* CrowdLink application bundle: header account menu (WAI-ARIA APG menu button), a Rails UJS
 * subset (data-confirm, data-method, data-disable-with), unsaved-changes warning, the smart app
 * banner, the chat launcher and the cookie-consent manager. */
(function () {
  'use strict';

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function setCookie(name, value) {
    document.cookie = name + '=' + value + '; path=/; SameSite=Lax';
  }

  /* ---- account menu button: https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/ ---- */
  function initMenuButton(button) {
    var menu = document.getElementById(button.getAttribute('aria-controls'));
    if (!menu) return;
    var items = function () {
      return Array.prototype.slice.call(menu.querySelectorAll('[role="menuitem"]'));
    };
    var isOpen = function () { return button.getAttribute('aria-expanded') === 'true'; };
    function open(focusWhich) {
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      var list = items();
      if (focusWhich === 'first' && list.length) list[0].focus();
      if (focusWhich === 'last' && list.length) list[list.length - 1].focus();
    }
    function close(returnFocus) {
      if (!isOpen()) return;
      menu.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      if (returnFocus) button.focus();
    }
    button.addEventListener('click', function (event) {
      // event.detail === 0: the click came from Enter or Space, so focus moves into the menu.
      if (isOpen()) close(false); else open(event.detail === 0 ? 'first' : null);
    });
    button.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown') { event.preventDefault(); open('first'); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); open('last'); }
      else if (event.key === 'Escape') { close(true); }
    });
    menu.addEventListener('keydown', function (event) {
      var list = items();
      var index = list.indexOf(document.activeElement);
      var move = function (to) { event.preventDefault(); list[(to + list.length) % list.length].focus(); };
      switch (event.key) {
        case 'ArrowDown': move(index + 1); break;
        case 'ArrowUp': move(index - 1); break;
        case 'Home': move(0); break;
        case 'End': move(list.length - 1); break;
        case 'Escape': event.preventDefault(); close(true); break;
        case 'Tab': close(false); break;
        case ' ': event.preventDefault(); if (index >= 0) list[index].click(); break;
        default:
          if (event.key.length === 1) {
            var hit = list.findIndex(function (el, i) {
              return i > index && el.textContent.trim().charAt(0) === event.key;
            });
            if (hit >= 0) move(hit);
          }
      }
    });
    document.addEventListener('click', function (event) {
      if (isOpen() && !button.contains(event.target) && !menu.contains(event.target)) {
        close(false);
      }
    });
  }

  /* ---- Rails UJS subset ---- */
  function initUjs() {
    document.addEventListener('click', function (event) {
      var el = event.target.closest ? event.target.closest('[data-confirm]') : null;
      if (el && !window.confirm(el.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
    document.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[data-method]') : null;
      if (!link || event.defaultPrevented) return;
      event.preventDefault();
      var form = document.createElement('form');
      form.method = 'post';
      form.action = link.href;
      form.hidden = true;
      [['_method', link.dataset.method], ['authenticity_token', csrfToken()]].forEach(function (p) {
        var input = document.createElement('input');
        input.type = 'hidden'; input.name = p[0]; input.value = p[1];
        form.appendChild(input);
      });
      document.body.appendChild(form);
      form.submit();
    });
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (event.defaultPrevented) return;
      setTimeout(function () {
        form.querySelectorAll('[data-disable-with]').forEach(function (el) {
          el.textContent = el.dataset.disableWith;
          el.disabled = true;
        });
      }, 0);
    });
  }

  /* ---- "leave this page?" on edited forms ---- */
  function initUnsavedWarning() {
    var forms = document.querySelectorAll('form[data-warn-unsaved]');
    if (!forms.length) return;
    var dirty = false;
    forms.forEach(function (form) {
      form.addEventListener('input', function () { dirty = true; });
      form.addEventListener('submit', function () { dirty = false; });
    });
    window.addEventListener('beforeunload', function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = '';
    });
  }

  /* ---- smart app banner ---- */
  function initAppBanner() {
    var banner = document.getElementById('smart-banner');
    if (!banner) return;
    banner.querySelector('.smart-banner-close').addEventListener('click', function () {
      setCookie('app_banner_closed', '1');
      banner.remove();
    });
  }

  /* ---- chat launcher, injected late like a third-party widget ---- */
  function injectChat() {
    var widget = document.createElement('div');
    widget.className = 'chat-widget';
    widget.innerHTML =
      '<div class="chat-panel" id="chat-panel" role="dialog" aria-label="チャットサポート" hidden>' +
      '<p>こんにちは!CrowdLinkサポートです。ご質問をどうぞ。</p>' +
      '<button type="button" class="btn btn-outline" aria-label="チャットを閉じる">×</button>' +
      '</div>' +
      '<button type="button" class="chat-launcher" aria-label="チャットで質問する" ' +
      'aria-expanded="false" aria-controls="chat-panel">' +
      '<svg aria-hidden="true" width="26" height="26" viewBox="0 0 24 24"><path fill="#fff" ' +
      'd="M4 4h16v11H8l-4 4z"/></svg></button>';
    document.body.appendChild(widget);
    var panel = widget.querySelector('.chat-panel');
    var launcher = widget.querySelector('.chat-launcher');
    launcher.addEventListener('click', function () {
      panel.hidden = !panel.hidden;
      launcher.setAttribute('aria-expanded', String(!panel.hidden));
    });
    panel.querySelector('button').addEventListener('click', function () {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
    });
  }

  /* ---- cookie-consent manager (OneTrust / Cookiebot style) ---- */
  function consented() {
    return document.cookie.split(/;\s*/).indexOf('consent=1') >= 0;
  }

  function injectConsent() {
    if (consented()) return;
    var backdrop = document.createElement('div');
    backdrop.className = 'cc-backdrop';
    var dialog = document.createElement('div');
    dialog.className = 'cc-dialog';
    dialog.id = 'cc-banner-sdk';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'cc-policy-title');
    dialog.setAttribute('aria-describedby', 'cc-policy-text');
    dialog.tabIndex = -1;
    dialog.innerHTML =
      '<h2 id="cc-policy-title">Cookieの使用について</h2>' +
      '<p id="cc-policy-text">当サイトでは、サービスの提供・改善や広告配信のためにCookieを使用します。' +
      '「すべて同意する」を選択すると、Cookieの使用に同意したものとみなします。' +
      '詳しくは<a href="/privacy">プライバシーポリシー</a>をご覧ください。</p>' +
      '<div class="cc-prefs" hidden>' +
      '<label><input type="checkbox" checked disabled> 必須Cookie</label>' +
      '<label><input type="checkbox" name="analytics"> 分析Cookie</label>' +
      '<label><input type="checkbox" name="ads"> 広告Cookie</label>' +
      '<button type="button" class="btn btn-outline cc-save">選択内容を保存</button></div>' +
      '<div class="cc-actions">' +
      '<button type="button" class="btn btn-outline cc-settings">設定</button>' +
      '<button type="button" class="btn btn-primary cc-accept">すべて同意する</button></div>';
    function finish() {
      setCookie('consent', '1');
      backdrop.remove();
      dialog.remove();
      document.body.style.overflow = '';
    }
    dialog.querySelector('.cc-accept').addEventListener('click', finish);
    dialog.querySelector('.cc-save').addEventListener('click', finish);
    dialog.querySelector('.cc-settings').addEventListener('click', function () {
      dialog.querySelector('.cc-prefs').hidden = false;
    });
    dialog.addEventListener('keydown', function (event) {
      if (event.key !== 'Tab') return;
      var focusable = Array.prototype.slice.call(
        dialog.querySelectorAll('a[href], button:not([disabled]), input:not([disabled])'))
        .filter(function (el) { return el.offsetParent !== null; });
      if (!focusable.length) return;
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault(); last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault(); first.focus();
      }
    });
    document.body.appendChild(backdrop);
    document.body.appendChild(dialog);
    document.body.style.overflow = 'hidden';
    dialog.focus();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('button[aria-haspopup="menu"]').forEach(initMenuButton);
    initUjs();
    initUnsavedWarning();
    initAppBanner();
  });

  window.addEventListener('load', function () {
    var body = document.body;
    if (body.dataset.consent === 'pending') setTimeout(injectConsent, 200);
    if (body.dataset.chat === 'on') setTimeout(injectChat, 400);
  });
})();
