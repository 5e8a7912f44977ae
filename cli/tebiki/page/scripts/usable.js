// Playwright's "enabled" and "editable", in one round trip: "" when usable, else why not.
(el, needsEditing) => {
  const disabled = el.matches(':disabled') || !!el.closest('[aria-disabled=true]');
  if (disabled) return 'is disabled';
  if (needsEditing && (el.readOnly || el.getAttribute('aria-readonly') === 'true'))
    return 'cannot be edited';
  return '';
}
