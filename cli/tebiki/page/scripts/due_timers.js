// Runs before the page's own scripts: counts the page's one-off timers due within a second,
// so that a page about to draw (its boxes come 0.7 s after load) is not judged finished.
// A timer whose callback's code already ran once and is set again is a repeating one (a poll,
// a clock, a loop that makes a fresh closure each round): it is left out, or no page that
// polls would ever be idle. The count is read
// through a symbol; tebiki's own waits use the untouched setTimeout kept beside it.
(() => {
  if (window[Symbol.for('tebiki.dueTimers')]) return;  // a page played again: counted once
  const set = window.setTimeout, clear = window.clearTimeout;
  const due = new Map();  // timer id -> when it is due
  const ran = new Set();  // the code of callbacks that have run: set again, they repeat
  const code = callback => {
    try { return String(callback).slice(0, 300); } catch (error) { return ''; }
  };
  window.setTimeout = function setTimeout(callback, delay, ...rest) {
    const ms = Number(delay) || 0;
    if (typeof callback !== 'function') return set.call(this, callback, delay, ...rest);
    let id;
    const once = function (...args) {
      due.delete(id);
      if (ran.size < 1000) ran.add(code(callback));
      return callback.apply(this, args);
    };
    id = set.call(this, once, delay, ...rest);
    if (ms <= 1000 && !ran.has(code(callback))) due.set(id, performance.now() + ms);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    due.delete(id);
    return clear.call(this, id);
  };
  const pending = () => {
    const now = performance.now();
    let count = 0;
    for (const [id, when] of due) {
      if (when < now - 2000) due.delete(id);  // long overdue: a throttled or stopped page
      else count += 1;
    }
    return count;
  };
  Object.defineProperty(window, Symbol.for('tebiki.dueTimers'), { value: pending });
  Object.defineProperty(window, Symbol.for('tebiki.setTimeout'), { value: set });
})();
