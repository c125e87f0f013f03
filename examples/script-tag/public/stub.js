// The Member Center stub a merchant pastes before the script tag: calls made before embed.js
// has loaded are queued and replayed by it.
window.MemberCenter =
  window.MemberCenter ||
  (() => {
    const q = [];
    const stub = { q };
    for (const name of ['identify', 'logout', 'open', 'close', 'on', 'refresh']) {
      stub[name] = (...args) => {
        q.push([name, args]);
      };
    }
    return stub;
  })();
