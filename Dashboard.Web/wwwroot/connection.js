// Keeps every page connected to the server with nobody at the keyboard — the meeting-room screen above all.
// Blazor's own reconnection gives up after about six minutes (then waits for a visibility change that never comes
// on a wall screen), covers the page with a modal, and does nothing at all when the server dies while the circuit
// is still starting. Here instead:
//   - the page keeps showing what it showed, with a small badge (#connection-badge) while the connection is down;
//   - it retries without limit, every data-retry-ms; each attempt first asks /healthz whether the server is back;
//   - when the server is back but cannot resume this page (it restarted), the page reloads itself — same URL,
//     so the deck comes back on the same slide; unsaved edits are kept in the browser (drafts.js) and the editing
//     page brings them back after the reload, so it reloads without asking (the question would stop it for good);
//   - a page that expects a live connection and has none data-start-timeout-ms after loading recovers the same way.
(() => {
  const body = document.body;
  const retryMs = Number(body.dataset.retryMs) || 2000;
  const startTimeoutMs = Number(body.dataset.startTimeoutMs) || 15000;
  const badge = document.getElementById('connection-badge');
  const delay = ms => new Promise(resolve => setTimeout(resolve, ms));
  // The layouts render this marker once the page is live (it stays after the connection drops).
  const wasLive = () => document.querySelector('[data-interactive=true]') !== null;
  let recovering = false;
  let reloading = false;
  let attempts = 0;

  // The reload that brings a page back is not the user leaving it: no "unsaved changes" question (NavigationLock's
  // beforeunload handler, registered after this one, is not called).
  window.addEventListener('beforeunload', event => { if (reloading) event.stopImmediatePropagation(); }, true);

  const show = () => {
    const trying = attempts === 0 ? '连接中断，正在重新连接…' : `连接中断，正在重新连接…（第 ${attempts} 次）`;
    badge.textContent = body.dataset.unsavedDraft === 'true'
      ? `${trying} 未保存的修改已暂存在本浏览器中，连接恢复后会回到页面上，届时再保存。`
      : trying;
    badge.dataset.attempts = String(attempts);
    badge.hidden = false;
  };
  const hide = () => { badge.hidden = true; attempts = 0; badge.dataset.attempts = '0'; };

  // Back when the app itself answers, healthy or not (a wall screen must not wait for a failed backup to succeed) —
  // but not when a proxy in front answers for it (nginx's 502 page is no reason to reload).
  async function serverIsBack() {
    try {
      const answer = await (await fetch('healthz', { cache: 'no-store' })).json();
      return typeof answer?.status === 'string';
    } catch {
      return false;
    }
  }

  async function recover() {
    if (recovering) return;
    recovering = true;
    show();
    for (;;) {
      await delay(retryMs);
      attempts++;
      show();
      if (!(await serverIsBack())) continue;
      if (wasLive()) {
        try {
          if (await Blazor.reconnect()) {
            recovering = false;
            hide();
            return;
          }
        } catch {
          continue; // gone again between the two requests: keep trying
        }
      }
      // Back, but this page's session is not (the server restarted, or the page never had one): load it again.
      reloading = true;
      location.reload();
      return;
    }
  }

  // Signing out leaves no unsaved work of this user in the tab for whoever signs in next.
  document.addEventListener('submit', event => {
    if (event.target.getAttribute?.('action')?.endsWith('account/signout')) {
      for (const key of Object.keys(sessionStorage)) if (key.startsWith('dashboard.draft:')) sessionStorage.removeItem(key);
    }
  }, true);

  Blazor.start({
    circuit: {
      reconnectionHandler: {
        onConnectionDown: () => { recover(); },
        onConnectionUp: () => { recovering = false; hide(); },
      },
    },
  }).catch(() => recover());

  if (body.dataset.expectsCircuit === 'true') {
    setTimeout(() => { if (!wasLive()) recover(); }, startTimeoutMs);
  }
})();
