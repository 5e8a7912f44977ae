"""The stylesheet and the two small scripts every page inlines.

Inlined rather than served as files so a page is one request: fewer moving parts for a browser
that is being watched for side effects. No transitions or animations anywhere, so screenshots
are stable.
"""

from __future__ import annotations

# sessionStorage key the event log is kept under; tests read it back from the browser.
EVENT_LOG_KEY = "mock-event-log"

STYLESHEET = """
*,*::before,*::after{box-sizing:border-box}
html{background:#f2f4f7}
body{margin:0;color:#333;font-size:14px;line-height:1.7;
  font-family:"Noto Sans CJK JP",sans-serif;min-height:100vh;display:flex;flex-direction:column}
a{color:#0b6bbf;text-decoration:none}
a:hover{text-decoration:underline}
.site-header{background:#0d6cbf;color:#fff}
.site-header .inner{max-width:1000px;margin:0 auto;padding:0 16px;height:56px;
  display:flex;align-items:center;gap:24px}
.logo{color:#fff;font-weight:700;font-size:20px;letter-spacing:.02em}
.logo:hover{text-decoration:none}
.site-nav{display:flex;align-items:center;gap:20px;margin-left:auto}
.site-nav>a{color:#fff;font-weight:700}
.user-menu{position:relative}
.user-menu>button{font:inherit;font-weight:700;color:#fff;background:transparent;cursor:pointer;
  border:1px solid rgba(255,255,255,.6);border-radius:4px;padding:4px 28px 4px 12px;
  position:relative}
.user-menu>button::after{content:"";position:absolute;right:11px;top:50%;margin-top:-2px;
  border:5px solid transparent;border-top-color:#fff;border-bottom:0}
.user-menu ul{display:none;position:absolute;right:0;top:100%;margin:0;padding:6px 0;
  list-style:none;min-width:190px;background:#fff;border:1px solid #d5dbe3;border-radius:4px;
  box-shadow:0 4px 12px rgba(0,0,0,.15);z-index:10}
.user-menu[data-menu="hover"]:hover ul,.user-menu[data-menu="hover"]:focus-within ul,
.user-menu[data-menu="both"]:hover ul,.user-menu[data-menu="both"]:focus-within ul,
.user-menu[data-open] ul{display:block}
.user-menu li>a,.user-menu li button{display:block;width:100%;padding:8px 16px;color:#333;
  font:inherit;text-align:left;background:none;border:0;cursor:pointer}
.user-menu li>a:hover,.user-menu li button:hover{background:#eef5fc;text-decoration:none}
.user-menu li form{margin:0}
.nav-toggle{display:none}
main{display:block;flex:1 0 auto;width:100%;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 12px;padding-left:10px;border-left:4px solid #0d6cbf}
.card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:20px 24px;
  margin-bottom:16px}
.link-list{list-style:none;margin:0;padding:0}
.link-list li{border-top:1px solid #eef1f4}
.link-list li:first-child{border-top:0}
.link-list a{display:block;padding:8px 4px}
.field{margin-bottom:16px}
.field>label,.field>.label{display:block;font-weight:700;margin-bottom:4px}
.field input[type=text],.field input[type=email],.field input[type=password],.field textarea,
.field select{width:100%;max-width:440px;padding:8px 10px;font:inherit;color:#333;
  border:1px solid #c5ccd6;border-radius:4px;background:#fff}
.field textarea{min-height:96px}
.hint{color:#777;font-size:12px;margin:4px 0 0}
.field>label.check{display:flex;align-items:center;gap:8px}
.check input{margin:0}
.state{margin:0 0 16px}
.btn{display:inline-block;font:inherit;font-weight:700;border:0;border-radius:4px;
  padding:10px 28px;cursor:pointer;color:#fff;background:#f5821f}
.btn-secondary{background:#fff;color:#0b6bbf;border:1px solid #0b6bbf}
.btn-danger{background:#d7342b}
.btn-block{display:block;width:100%;margin-bottom:8px}
.alert,.notice{border-radius:4px;padding:10px 14px;margin-bottom:16px}
.alert{background:#fdecea;border:1px solid #f3bcb8;color:#a12622}
.notice{background:#e8f5e9;border:1px solid #b7dfbd;color:#1e6b2e}
.alert ul{margin:0;padding-left:18px}
.alert p{margin:0 0 4px}
.greeting{font-size:16px;margin:0 0 16px}
.grid{display:grid;grid-template-columns:260px 1fr;gap:16px;align-items:start}
.profile-card{text-align:center}
.avatar{width:72px;height:72px;border-radius:50%;background:#cfe3f5;margin:0 auto 8px}
.profile-card .name{font-size:16px;font-weight:700}
.work-status{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(3,1fr);
  gap:8px}
.work-status li{background:#f7f9fb;border-radius:4px;padding:8px;text-align:center}
.work-status a{display:block;font-size:12px}
.count{font-size:16px;font-weight:700}
.work-status .count{display:block;font-size:18px}
table.data{width:100%;border-collapse:collapse;margin:0 0 12px}
table.data caption{text-align:left;font-weight:700;padding:0 0 8px}
table.data th,table.data td{border-bottom:1px solid #e3e8ee;padding:8px 6px;text-align:left;
  vertical-align:top}
table.data th{background:#f7f9fb;font-size:12px;color:#555}
.empty{color:#666;margin:0 0 12px}
.tabs ul{list-style:none;display:flex;gap:4px;margin:0 0 12px;padding:0}
.tabs a{display:block;padding:6px 14px;border-radius:4px 4px 0 0;background:#e6ebf1}
.tabs a[aria-current]{background:#fff;font-weight:700;color:#333}
.field input[type=number]{width:100%;max-width:220px;padding:8px 10px;font:inherit;color:#333;
  border:1px solid #c5ccd6;border-radius:4px;background:#fff}
.two-col{display:grid;grid-template-columns:220px 1fr;gap:24px;align-items:stretch}
.sidebar{display:flex;flex-direction:column}
.sidebar .card{margin-bottom:0}
/* Pushed to the bottom of the left column: the article says the link is at the bottom left. */
.withdraw-link{margin:auto 0 0;padding-top:24px;font-size:12px}
.withdraw-link a{color:#999}
dl.info{display:grid;grid-template-columns:160px 1fr;margin:0 0 16px}
dl.info dt{font-weight:700}
dl.info dd{margin:0}
.notes{margin:0 0 16px;padding-left:20px}
.narrow{max-width:440px;margin:40px auto}
.divider{text-align:center;color:#888;margin:16px 0}
.social button{background:#fff;color:#333;border:1px solid #c5ccd6;cursor:default}
.demo{border-top:1px dashed #c5ccd6;margin-top:16px;padding-top:16px}
.demo .row{display:flex;gap:8px;margin-bottom:8px}
.demo select{font:inherit;padding:4px}
.site-footer{background:#2f3a45;color:#c9d1da;margin-top:40px}
.site-footer .inner{max-width:1000px;margin:0 auto;padding:20px 16px;display:flex;gap:24px}
.site-footer a{color:#fff}
@media (max-width:600px){
  .site-header .inner{position:relative;gap:12px}
  .nav-toggle{display:block;margin-left:auto;font:inherit;font-weight:700;color:#fff;
    background:transparent;border:1px solid rgba(255,255,255,.6);border-radius:4px;
    padding:4px 12px;cursor:pointer}
  .site-nav{display:none;position:absolute;left:0;right:0;top:56px;z-index:20;margin:0;
    flex-direction:column;align-items:stretch;gap:4px;padding:8px 16px 14px;
    background:#0d6cbf;box-shadow:0 4px 12px rgba(0,0,0,.2)}
  .site-header[data-nav-open] .site-nav{display:flex}
  .site-nav>a{padding:6px 0}
  .user-menu>button{width:100%;text-align:left}
  .user-menu ul{position:static;margin-top:6px;box-shadow:none}
  .grid,.two-col{grid-template-columns:1fr}
  dl.info{grid-template-columns:minmax(0,1fr)}
  dl.info dd{margin-bottom:6px;overflow-wrap:anywhere}
  .card{padding:16px}
  .site-footer .inner{flex-wrap:wrap;gap:8px 20px}
}
""".strip()

# Appends every trusted pointer press, click, key, input, change and submit to sessionStorage, so
# a test can prove that a dry run dispatched none. It reads nothing from the page layout and
# writes nothing to the DOM. Key names and field values are never logged: a field may hold a
# password. It listens on the window: a page's own capture listeners there see even the pointer
# events of a trial click, which a stricter site would count as a click.
EVENT_LOG_SCRIPT = """
(function () {
  var KEY = "__KEY__";
  function describe(el) {
    if (!el || !el.tagName) { return el && el.nodeName ? el.nodeName : "?"; }
    var tag = el.tagName.toLowerCase(), text = tag;
    if (el.id) { text += "#" + el.id; }
    ["name", "type", "role"].forEach(function (attr) {
      var value = el.getAttribute(attr);
      if (value) { text += "[" + attr + "=" + value + "]"; }
    });
    if (!/^(input|textarea|select|html|body|form)$/.test(tag)) {
      var label = (el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 40);
      if (label) { text += " \\"" + label + "\\""; }
    }
    return text;
  }
  // On window, in the capture phase, registered before anything else: the first listener any
  // event meets, so even events a tool stops further down are recorded.
  ["pointerdown", "pointerup", "mousedown", "mouseup", "click", "dblclick", "auxclick",
   "keydown", "keyup", "beforeinput", "input", "change", "submit"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!event.isTrusted) { return; }
      try {
        var log = JSON.parse(sessionStorage.getItem(KEY) || "[]");
        log.push({type: event.type, target: describe(event.target), page: location.pathname});
        sessionStorage.setItem(KEY, JSON.stringify(log));
      } catch (error) { /* storage unavailable: nothing to record into */ }
    }, true);
  });
})();
""".replace("__KEY__", EVENT_LOG_KEY).strip()

# At phone widths the header folds into its メニュー button: a disclosure that shows the whole
# navigation, the display name and its menu inside.
# The header menu under the display name. "hover" needs no script (CSS :hover/:focus-within);
# "click" and "both" toggle data-open on a click of the button. aria-expanded always follows what
# is actually shown, whichever way it was opened.
MENU_SCRIPT = """
(function () {
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector("button[aria-controls]");
  if (!toggle) { return; }
  toggle.addEventListener("click", function () {
    var open = header.toggleAttribute("data-nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
(function () {
  var menu = document.querySelector("[data-user-menu]");
  if (!menu) { return; }
  var button = menu.querySelector("button[aria-haspopup]");
  var list = menu.querySelector("ul");
  function sync() {
    var shown = getComputedStyle(list).display !== "none";
    button.setAttribute("aria-expanded", shown ? "true" : "false");
  }
  function syncSoon() { setTimeout(sync, 0); }
  ["mouseenter", "mouseleave", "focusin", "focusout"].forEach(function (type) {
    menu.addEventListener(type, syncSoon);
  });
  if (menu.getAttribute("data-menu") === "hover") { return; }
  button.addEventListener("click", function () {
    menu.toggleAttribute("data-open");
    sync();
  });
  document.addEventListener("click", function (event) {
    if (!menu.contains(event.target) && menu.hasAttribute("data-open")) {
      menu.removeAttribute("data-open");
      sync();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.hasAttribute("data-open")) {
      menu.removeAttribute("data-open");
      sync();
      button.focus();
    }
  });
})();
""".strip()
