// The printable QR poster's «Печать» button: a file of its own, since the hub's CSP forbids inline scripts.
document.getElementById('print')?.addEventListener('click', () => window.print());
