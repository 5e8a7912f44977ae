// Resolves true once the document has had no mutation for `quiet` ms (false after `cap` ms):
// a page that draws by script after a fetch is judged by what it draws, not by its first HTML.
([quiet, cap]) => new Promise(resolve => {
  if (document.readyState !== 'complete') { resolve(false); return; }
  let timer;
  const done = (value = true) => { observer.disconnect(); clearTimeout(timer); resolve(value); };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(done, quiet);
  });
  const all = { subtree: true, childList: true, attributes: true, characterData: true };
  observer.observe(document, all);
  timer = setTimeout(done, quiet);
  setTimeout(() => done(false), cap);
})
