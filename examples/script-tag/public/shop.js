// The shop's own script: a log-in switch, a language switch, and "Buy" buttons whose orders
// earn points through the shop's backend (which holds the secret key).
const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { ok: res.ok, body: await res.json() };
}

function showUser(name) {
  $('who').textContent = name ? `Logged in as ${name}` : 'Browsing as a guest';
  $('login').hidden = Boolean(name);
  $('logout').hidden = !name;
}

$('login').addEventListener('click', async () => {
  const { body } = await post('/demo/login', { customerId: 'demo-member' });
  showUser(body.name);
  // Without an argument the embed asks data-token-url again, now for the logged-in shopper.
  MemberCenter.identify();
});

$('logout').addEventListener('click', async () => {
  await post('/demo/logout');
  showUser(null);
  MemberCenter.logout();
});

$('lang').addEventListener('click', () => {
  const zh = document.documentElement.lang !== 'zh-CN';
  document.documentElement.lang = zh ? 'zh-CN' : 'en';
  $('lang').textContent = zh ? 'English' : '中文';
  $('lang').setAttribute('aria-label', zh ? 'Switch to English' : '切换到中文');
});

// A code made from points fills the coupon field, as a checkout page would.
document.addEventListener('mc-discount', (event) => {
  $('coupon').value = event.redemption.code;
});

const yuan = (fen) => `¥${(fen / 100).toFixed(2)}`;

for (const button of document.querySelectorAll('.products li button')) {
  button.addEventListener('click', async () => {
    const couponCode = $('coupon').value.trim();
    const { ok, body } = await post('/demo/order', { amount: Number(button.dataset.amount), couponCode });
    const coupon = body.coupon ? ` with coupon ${body.coupon.code} (−${yuan(body.coupon.discount)})` : '';
    $('order-status').textContent = ok
      ? `Order placed${coupon}: +${body.pointsAwarded} points (balance ${body.points.balance}).`
      : (body.error?.message ?? body.error ?? 'The order failed.');
    if (ok) {
      $('coupon').value = '';
      MemberCenter.refresh();
    }
  });
}

// Whether the shopper is logged in already (the session cookie survives reloads).
fetch('/loyalty/token')
  .then((r) => r.json())
  .then((b) => showUser(b.token ? 'Ada Demo' : null));
