import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The widget without its bundled workers, and its PBKDF2 worker as a file of this origin: the
// API's Content-Security-Policy allows no blob: workers. Nothing is fetched from anyone else.
import 'altcha/external';
import 'altcha/i18n/zh-cn';
import 'altcha/altcha.css';
import Pbkdf2Worker from 'altcha/workers/pbkdf2?worker';
import { OnlineApp } from './OnlineApp';
import '../petitioner/petitioner.css';
import './online.css';

$altcha.algorithms.set('PBKDF2/SHA-256', () => new Pbkdf2Worker());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OnlineApp />
  </StrictMode>,
);
