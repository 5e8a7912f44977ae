// The first field of the control's form that the browser's own validation refuses (required,
// pattern, type, length), named as a person sees it, with the browser's own message; null
// when the form is valid or is not validated.
el => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const form = el.form || el.closest('form');
  if (!form || form.noValidate || el.formNoValidate) return null;
  const bad = Array.from(form.elements).find(f => f.willValidate && !f.checkValidity());
  if (!bad) return null;
  const labelled = bad.getAttribute('aria-labelledby');
  const label = (bad.labels && bad.labels[0] && norm(bad.labels[0].innerText))
    || norm(bad.getAttribute('aria-label'))
    || (labelled && norm(document.getElementById(labelled)?.textContent))
    || norm(bad.getAttribute('placeholder')) || bad.name || bad.type;
  return [label, bad.validationMessage];
}
