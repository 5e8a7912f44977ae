"""Recording a flow by walking it: every click, typed value, tick and choice a person makes in the
browser becomes a step whose target is what the person saw (role and accessible name, label,
the header or the section it sits in), never the page's ids or classes unless nothing else
identifies it.

The page side (an init script, so it survives page loads) describes each action the moment it
happens and hands the description over through a binding; passwords never leave the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import structlog
from playwright.sync_api import BrowserContext, Frame, Page

from tebiki.flowfile.model import Lang
from tebiki.record.recorded_site import lang_from_html
from tebiki.record.recording import RecordedStep, RecordedTarget, looks_destructive, looks_secret

log = structlog.get_logger()

BINDING = "__tebikiRecord"

_RECORDER_JS = """
(() => {
  if (window.__tebikiRecorderInstalled) return;
  window.__tebikiRecorderInstalled = true;
  const norm = s => (s || '').replace(/\\s+/g, ' ').trim();
  const ACTIONABLE = 'a[href], button, [role=button], [role=link], [role=menuitem], [role=tab], '
    + 'input[type=checkbox], input[type=radio], input[type=submit], input[type=button], '
    + 'summary, [role=checkbox], [role=switch]';
  const roleOf = el => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase(), type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'a') return 'link';
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'input' && ['submit', 'button', 'reset'].includes(type)) return 'button';
    if (tag === 'input' && ['checkbox', 'radio'].includes(type)) return type;
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea' || tag === 'input') return 'textbox';
    return null;
  };
  const byIds = ids => norm((ids || '').split(/\\s+/).map(id => {
    const t = id && document.getElementById(id); return t ? t.innerText : ''; }).join(' '));
  const labelOf = el => norm(el.getAttribute('aria-label'))
    || byIds(el.getAttribute('aria-labelledby'))
    || (el.labels && el.labels.length ? norm(Array.from(el.labels[0].childNodes)
        .filter(n => n.nodeType === 3 || !n.matches('input, select, textarea'))
        .map(n => n.textContent).join(' ')) : '')
    || norm(el.getAttribute('placeholder')) || norm(el.getAttribute('title'));
  const nameOf = el => {
    if (el.matches('input, select, textarea')) {
      if (['submit', 'button'].includes(el.type)) return norm(el.value);
      return labelOf(el);
    }
    return norm(el.getAttribute('aria-label')) || byIds(el.getAttribute('aria-labelledby'))
      || norm(el.innerText) || norm(el.getAttribute('title'))
      || norm((el.querySelector('img[alt]') || {}).alt);
  };
  const SECTIONING = 'article, aside, main, nav, section, [role=article], [role=complementary], '
    + '[role=main], [role=navigation], [role=region]';
  const landmarkOf = el => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const role = a.getAttribute('role');
      if (role === 'banner') return 'header';
      if (role === 'contentinfo') return 'footer';
      if ((a.tagName === 'HEADER' || a.tagName === 'FOOTER')
          && !(a.parentElement && a.parentElement.closest(SECTIONING)))
        return a.tagName === 'HEADER' ? 'header' : 'footer';
    }
    return null;
  };
  // The section a person would name: a labelled ancestor, else the nearest heading before it
  // that is still open (its own box contains the element).
  const sectionOf = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const named = norm(a.getAttribute('aria-label')) || byIds(a.getAttribute('aria-labelledby'));
      if (named && a.matches(SECTIONING + ', fieldset, [role=group], [role=region]')) return named;
      if (a.tagName === 'FIELDSET' && a.querySelector(':scope > legend'))
        return norm(a.querySelector(':scope > legend').innerText);
    }
    const headings = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]'));
    let best = null;
    for (const h of headings) {
      if (!(h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      const box = h.parentElement
        && h.parentElement.closest('section, article, aside, nav, fieldset');
      if (box && !box.contains(el)) continue;
      best = h;
    }
    return best && !best.matches('h1') ? norm(best.innerText) : null;
  };
  const sameNamed = (el, role, name) => Array.from(document.querySelectorAll(
      ACTIONABLE + ', input, select, textarea'))
    .filter(o => roleOf(o) === role && nameOf(o) === name && o.getClientRects().length);
  const cssOf = el => el.id ? '#' + CSS.escape(el.id)
    : el.tagName.toLowerCase() + Array.from(el.classList).map(c => '.' + CSS.escape(c)).join('');
  const describe = el => {
    const role = roleOf(el), name = nameOf(el);
    const d = { role, name, label: el.matches('input, select, textarea') ? labelOf(el) : '',
      tag: el.tagName.toLowerCase(), type: (el.getAttribute('type') || '').toLowerCase(),
      href: el.getAttribute('href'), popup: el.hasAttribute('aria-haspopup')
        || el.hasAttribute('aria-expanded') || el.hasAttribute('aria-controls')
        || el.tagName === 'SUMMARY' || role === 'tab',
      named: !!(norm(el.getAttribute('aria-label')) || el.getAttribute('aria-labelledby')
        || (el.labels && el.labels.length)),
      inForm: !!el.closest('form'), url: location.href, landmark: landmarkOf(el),
      section: null, ambiguous: false, css: null };
    const twins = name ? sameNamed(el, role, name) : [];
    d.ambiguous = twins.length > 1;
    if (d.ambiguous) {
      d.section = sectionOf(el);
      d.othersInLandmark = twins.filter(o => o !== el && landmarkOf(o) === d.landmark).length;
    }
    if (!name && !d.label) d.css = cssOf(el);
    return d;
  };
  const send = d => { try { window.__tebikiRecord(d); } catch (e) {} };
  document.addEventListener('click', e => {
    if (!e.isTrusted) return;
    let el = e.target.closest(ACTIONABLE);
    if (!el) return;
    const d = describe(el);
    d.kind = ['checkbox', 'radio'].includes(d.role) ? 'check' : 'click';
    d.checked = !!el.checked;
    send(d);
  }, true);
  // A form sent by pressing Enter, with no button: no click says so.
  document.addEventListener('submit', e => {
    if (e.isTrusted && !e.submitter) send({ kind: 'enter', url: location.href });
  }, true);
  document.addEventListener('change', e => {
    const el = e.target;
    if (!el.matches || !el.matches('input, select, textarea')) return;
    if (['checkbox', 'radio', 'submit', 'button'].includes(el.type)) return;
    const d = describe(el);
    d.kind = el.tagName === 'SELECT' ? 'select' : 'fill';
    // A password's value never leaves the page: the flow refers to a secret instead.
    d.secret = el.type === 'password'
      || /(current|new)-password|one-time-code/.test(el.getAttribute('autocomplete') || '');
    d.value = d.secret ? null
      : el.tagName === 'SELECT' ? norm(el.selectedOptions[0] ? el.selectedOptions[0].text : '')
      : el.value;
    send(d);
  }, true);
})();
"""


def page_lang(page: Page) -> Lang:
    """The language a page says it is in (``<html lang>``), as the flow's: en* is English,
    anything else Japanese."""
    return lang_from_html(page.evaluate("() => document.documentElement.lang"))


@dataclass
class Recorder:
    """Listens to a browser context and turns what the person does into steps."""

    base_url: str
    # Values the site shows that belong to the person (their display name): the header's
    # copy of it is scoped to the header, and flow_yaml writes it as {display_name}.
    variables: dict[str, str] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    recording: bool = False  # off while tebiki itself opens the start page
    _navigation_expected: bool = False
    _urls: dict[int, str] = field(default_factory=dict)  # each page's address, to spot reloads
    _secret_names: dict[str, str] = field(default_factory=dict)  # a field's label → its secret

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(BINDING, lambda source, data: self._record(data))
        context.add_init_script(_RECORDER_JS)
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def begin(self) -> None:
        """From now on, what happens in the browser is the person's doing."""
        self.recording = True

    def _watch(self, page: Page) -> None:
        self._urls[id(page)] = page.url
        page.on("framenavigated", lambda frame: self._navigated(page, frame))

    def _record(self, data: dict[str, Any]) -> None:
        if not self.recording:
            return
        self.events.append(dict(data))
        href = data.get("href") or ""
        follows = data.get("role") == "link" and href and not href.startswith(("#", "javascript:"))
        sends = data.get("kind") == "enter" or (data.get("kind") == "click" and data.get("inForm"))
        # Only a followed link or a sent form explains the next page load; anything else
        # (a typed value, a menu) leaves a later load to the address bar.
        self._navigation_expected = bool(follows or sends)
        log.debug("recorded", kind=data.get("kind"), name=data.get("name"))

    def _navigated(self, page: Page, frame: Frame) -> None:
        """A page load no click explains: the person typed an address."""
        if frame != page.main_frame or frame.url in ("about:blank", ""):
            return
        previous, self._urls[id(page)] = self._urls.get(id(page)), frame.url
        if not self.recording:
            return
        if previous and previous.split("#")[0] == frame.url.split("#")[0]:
            return  # the same page: a #fragment or history.pushState, not a page load
        if self._navigation_expected:
            self._navigation_expected = False
            return
        self.events.append({"kind": "goto", "url": frame.url})

    # -- turning events into steps ----------------------------------------------------------

    def steps(self) -> list[RecordedStep]:
        steps: list[RecordedStep] = []
        for event in self.events:
            if event.get("kind") == "enter" and steps:
                steps[-1].comments.append(
                    "then Enter was pressed to send the form, which has "
                    "no button: a flow cannot press keys; check that the "
                    "next page is reached"
                )
            step = self._step(event)
            if step is None:
                continue
            previous = steps[-1] if steps else None
            if (
                previous
                and step.action in ("fill", "select")
                and previous.action == step.action
                and previous.target == step.target
            ):
                steps[-1] = step  # typed again into the same field: the last value counts
                continue
            steps.append(step)
        return steps

    def _step(self, event: dict[str, Any]) -> RecordedStep | None:
        kind = event.get("kind")
        if kind == "goto":
            return RecordedStep("goto", goto=self._path(event["url"]))
        if kind == "enter":
            return None  # said on the step before it (see steps())
        target, comments = self._target(event)
        if kind == "fill":
            if event.get("secret") or looks_secret(event.get("label"), event.get("type")):
                return RecordedStep(
                    "fill", target, secret=self._secret_for(event), comments=comments
                )
            return RecordedStep("fill", target, value=event.get("value") or "", comments=comments)
        if kind == "select":
            return RecordedStep(
                "select", target, option=event.get("value") or "", comments=comments
            )
        if kind == "check":
            if not event.get("checked"):
                comments.append("the person unticked this box; a flow can only tick: check it")
            return RecordedStep("check", target, comments=comments)
        effect = self._effect(event)
        if effect == "destructive":
            comments.append(
                "irreversible: runs only with --confirm or a typed yes; a dry run stops here"
            )
        if effect == "reveal":
            target.role = None  # a menu toggle is a button on one site, a link on another
        return RecordedStep("click", target, effect=effect, comments=comments)

    def _secret_for(self, event: dict[str, Any]) -> str:
        """One secret per password: a confirmation field (確認, confirm, again) repeats the one
        before it; another label (current and new password) gets a secret of its own."""
        label = event.get("label") or event.get("name") or ""
        if label in self._secret_names:
            return self._secret_names[label]
        confirming = any(word in label.lower() for word in ("確認", "confirm", "again", "再入力"))
        if confirming and self._secret_names:
            name = list(self._secret_names.values())[-1]
        else:
            count = len(set(self._secret_names.values()))
            name = "password" if count == 0 else f"password_{count + 1}"
        self._secret_names[label] = name
        return name

    def _effect(self, event: dict[str, Any]) -> str:
        href = event.get("href") or ""
        if event.get("popup"):
            return "reveal"
        # A link only opens a page (退会をご希望する方はこちら is a way to the screen, not the act).
        if event.get("role") == "link" and href and not href.startswith(("#", "javascript:")):
            return "navigate"
        if looks_destructive(event.get("name")):
            return "destructive"
        if (
            event.get("inForm")
            and event.get("type") in ("submit", "")
            and event.get("tag") in ("button", "input")
        ):
            return "submit"
        return "submit" if event.get("role") == "button" else "navigate"

    def _target(self, event: dict[str, Any]) -> tuple[RecordedTarget, list[str]]:
        comments: list[str] = []
        role, name, label = event.get("role"), event.get("name") or "", event.get("label") or ""
        if event.get("css"):
            comments.append(
                "nothing a person sees names this element (no text, label or "
                "accessible name): found by CSS, which only this site has"
            )
            return RecordedTarget(css=event["css"]), comments
        within = None
        if event.get("ambiguous"):
            landmark = event.get("landmark")
            if landmark and not event.get("othersInLandmark"):
                within = landmark
            elif event.get("section"):
                within = event["section"]
            else:
                comments.append(
                    f"「{name}」 appears more than once on this page and no section "
                    "tells them apart: add within: to say which"
                )
        elif event.get("landmark") == "header" and name in self.variables.values():
            within = "header"  # the person's own name also shows in the page body
        if event.get("kind") in ("fill", "select") or role in ("checkbox", "radio"):
            if not event.get("named"):
                # No <label> or aria name, only a placeholder or title: find it by its role.
                return RecordedTarget(role=role, name=label or name, within=within), comments
            return RecordedTarget(label=label or name, within=within), comments
        return RecordedTarget(role=role, name=name, within=within), comments

    def _path(self, url: str) -> str:
        base = urlsplit(self.base_url)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return url
        return parts.path + (f"?{parts.query}" if parts.query else "") or "/"
