// «Пригласить к опросу»: the buttons call the hub's invitation API with the session's CSRF token.
// Plain script, no framework, like the other staff pages.
const form = document.getElementById('invite');
const status = document.getElementById('invite-status');
const slip = document.getElementById('slip');
let csrf = null;

async function csrfToken() {
  if (csrf) return csrf;
  const me = await fetch('/api/me', { credentials: 'same-origin' }).then((r) => r.json());
  csrf = me.csrfToken;
  return csrf;
}

function visit() {
  const desk = form.elements.desk.value.trim();
  const serviceId = form.elements.serviceId.value;
  return { desk: desk || null, serviceId: serviceId || null };
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': await csrfToken() },
    body: JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({ ok: false, reason: `ошибка ${res.status}` }));
  if (!res.ok || !answer.ok) throw new Error(answer.reason || `ошибка ${res.status}`);
  return answer;
}

const until = (ms) => new Date(ms).toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow', day: 'numeric', month: 'long' });

async function showInvitation() {
  const answer = await post('/api/invitations', visit());
  // The SVG is made by the hub from its own link (qrcode package), not from user input.
  document.getElementById('slip-qr').innerHTML = answer.qrSvg;
  document.getElementById('slip-url').textContent = answer.url;
  document.getElementById('slip-until').textContent = until(answer.expiresAt);
  slip.hidden = false;
  return answer;
}

form.addEventListener('click', async (event) => {
  const action = event.target instanceof HTMLElement ? event.target.dataset.action : undefined;
  if (!action) return;
  status.textContent = '';
  status.className = '';
  try {
    if (action === 'show') {
      await showInvitation();
      status.textContent = 'Покажите код клиенту: он наводит камеру телефона и отвечает на вопросы.';
    } else if (action === 'print') {
      await showInvitation();
      window.print();
    } else if (action === 'email') {
      const email = form.elements.email.value.trim();
      if (!email) throw new Error('введите адрес электронной почты клиента');
      const answer = await post('/api/invitations/email', { ...visit(), email });
      form.elements.email.value = '';
      status.textContent = `Письмо отправлено. Ссылка действует до ${until(answer.expiresAt)}.`;
    }
    status.className = 'ok';
  } catch (error) {
    status.textContent = `Не получилось: ${error.message}`;
    status.className = 'error';
  }
});
