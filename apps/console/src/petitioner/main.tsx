import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PetitionerApp } from './PetitionerApp';
import './petitioner.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PetitionerApp />
  </StrictMode>,
);
