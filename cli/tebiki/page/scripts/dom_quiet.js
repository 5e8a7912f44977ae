// Resolves true once the page has done what it does by itself (false after `cap` ms): loaded,
// its document without a mutation for `quiet` ms, no one-off timer due soon (due_timers.js),
// and no busy sign showing: aria-busy, an indeterminate progress bar, a spinner as the common
// frameworks draw one, or a loading word standing alone (「読み込み中…」, "Loading...").
([quiet, cap]) => new Promise(resolve => {
  if (document.readyState !== 'complete') { resolve(false); return; }
  const later = window[Symbol.for('tebiki.setTimeout')] || window.setTimeout;
  const dueTimers = window[Symbol.for('tebiki.dueTimers')] || (() => 0);
  const shown = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const SPINNERS = '[aria-busy=true], [role=progressbar]:not([aria-valuenow]), .spinner, '
    + '.spinner-border, .spinner-grow, .loader, .q-spinner, .q-loading, .ant-spin-spinning, '
    + '.MuiCircularProgress-root, .MuiSkeleton-root, .v-progress-circular, .skeleton';
  const LOADING = /^(?:読み込み中|ロード中|お待ちください|loading|please wait)[.…。・\s]*$/i;
  const busy = () => {
    for (const el of document.querySelectorAll(SPINNERS)) if (shown(el)) return true;
    const walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(), n = 0; t && n < 5000; t = walker.nextNode(), n++) {
      const words = (t.nodeValue || '').trim();
      if (words.length < 40 && LOADING.test(words) && t.parentElement && shown(t.parentElement))
        return true;
    }
    return dueTimers() > 0;
  };
  let timer;
  const settle = () => {
    if (busy()) { timer = later(settle, quiet); return; }  // still drawing: look again
    done(true);
  };
  const done = (value) => { observer.disconnect(); clearTimeout(timer); resolve(value); };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = later(settle, quiet);
  });
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  observer.observe(document, all);
  timer = later(settle, quiet);
  later(() => done(false), cap);
})
