import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { Startup } from './app/Startup.tsx';
import { initI18n } from './i18n.ts';
import './fonts.css';
import './styles.css';

await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Startup>
      <App />
    </Startup>
  </StrictMode>,
);
