// What a form the site sent back says is wrong, in the conventions frameworks write it: a field
// marked aria-invalid with its description or error message (named by its label), and the
// error lists and notes beside fields (Django's errorlist and errornote, Bootstrap's
// invalid-feedback, Rails' error boxes, the *-error helper text of Mantine, Ant, MUI and the
// like). Only boxes that hold words and no control or label, so a wrapper marked "has-error"
// is never read as the message; each message once, in the order the page shows them.
() => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const shown = el => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  // Class names only: an id such as "error-boundary" and a colour class such as Bootstrap's
  // text-danger (a required mark, a red link) say nothing of a refusal.
  const ERROR_TOKEN = /^(errorlist|errornote|errors?|error-?message|errorMessage|field-?errors?|form-?errors?|invalid-feedback|Mui-error|validation-?error|error-text)$|[-_]error$|__error$/i;
  const looksLikeError = el => Array.from(el.classList || []).some(c => ERROR_TOKEN.test(c));
  const CONTROLS = 'input:not([type=hidden]), select, textarea, label, button, a[href], '
    + '[role=button], [role=link], [contenteditable]';
  const holdsControls = el => el.matches(CONTROLS) || el.querySelector(CONTROLS);
  // Words, not a lone mark: 「*」 or 「※」 is a required field's sign, not what the site said.
  const worded = words => /[\p{L}\p{N}]{2,}/u.test(words);
  const labelOf = f => {
    const raw = (f.labels && f.labels[0] && f.labels[0].innerText)
      || f.getAttribute('aria-label') || f.getAttribute('placeholder') || f.name || '';
    return norm(raw).replace(/\s*(必須|[*＊※])\s*/g, '').replace(/[:：]\s*$/, '');
  };
  const said = [];  // [element, words], put in the page's order at the end
  const used = [];
  const say = (words, box) => {
    if (words && words.length <= 300 && !said.some(([, w]) => w === words)) said.push([box, words]);
    used.push(box);
  };
  for (const field of document.querySelectorAll('[aria-invalid="true"]')) {
    if (!shown(field)) continue;
    const ids = `${field.getAttribute('aria-errormessage') || ''} ${field.getAttribute('aria-describedby') || ''}`;
    const described = ids.split(/\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(el => el && shown(el) && norm(el.innerText));
    const errors = described.filter(el => looksLikeError(el) || el.getAttribute('role') === 'alert');
    for (const box of errors.length ? errors : described.slice(0, 1)) {
      const name = labelOf(field);
      say(name ? `${name}: ${norm(box.innerText)}` : norm(box.innerText), box);
    }
  }
  const boxes = Array.from(document.querySelectorAll('[class], [id]')).filter(looksLikeError);
  for (const box of boxes) {
    if (used.some(u => u.contains(box) || box.contains(u))) continue;
    if (!shown(box) || holdsControls(box)) continue;
    const words = norm(box.innerText);
    if (!worded(words)) continue;
    say(words, box);
  }
  said.sort(([a], [b]) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return said.map(([, words]) => words);
}
