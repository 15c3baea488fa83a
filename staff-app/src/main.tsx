import { render } from 'preact';
import { setCsrfToken } from './api/client.ts';
import { App } from './app.tsx';
import { readBoot } from './boot.ts';
import './styles/staff.css';

/** Wiring only: the hub's starting facts, the CSRF token for writes, the app. */
const boot = readBoot();
setCsrfToken(boot.frame.csrfToken);
render(<App boot={boot} />, document.getElementById('app')!);
