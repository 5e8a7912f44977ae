// What the site says in its alerts that refuses: each role=alert's words, but a success notice
// (Bootstrap's alert-success, a flash "保存しました", "Saved") is the site agreeing, not
// refusing. A notice says no "not", "cannot" or "error" and sits in no error box, and either
// its box says so (a success or info class) or its words say something was done.
els => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const ERROR_CLASS = /error|danger|warn|invalid|fail|alert-negative/i;
  const NOTICE_CLASS = /success|notice|info|positive|alert-ok|is-ok|valid(?!ation)/i;
  const NEGATIVE = /ません|できない|ない[。.]?$|エラー|失敗|不正|無効|ください|正しく|誤り|not\b|cannot|can't|invalid|error|fail|required|must|denied|forbidden/i;
  const DONE = /しました|されました|完了|受け付けました|success|saved|updated|created|deleted|removed|sent|changed|thank/i;
  const classes = el => {
    const names = [];
    for (let a = el, n = 0; a && a.nodeType === 1 && n < 3; a = a.parentElement, n++)
      names.push(typeof a.className === 'string' ? a.className : '');
    return names.join(' ');
  };
  return els.map(el => {
    const words = norm(el.innerText);
    const kind = classes(el);
    // Words that refuse always refuse, whatever the box is called ("notice" boxes do).
    const notice = !NEGATIVE.test(words) && !ERROR_CLASS.test(kind)
      && (NOTICE_CLASS.test(kind) || DONE.test(words));
    return notice ? '' : words;
  }).filter(Boolean);
}
