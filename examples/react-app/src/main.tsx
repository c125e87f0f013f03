// Define the mc-* tags before React renders them, so React sets `client` & co. as properties.
import '@member-center/elements/define';
// The mc-* tags in JSX.IntrinsicElements, typed props and `onmc-*` events (generated from the manifest).
import type {} from '@member-center/elements/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './style.css';

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
