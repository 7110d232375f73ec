import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StaffApp } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StaffApp />
  </StrictMode>,
);
