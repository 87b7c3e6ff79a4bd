import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FrameForm } from './FrameForm';
import './form-frame.css';

// The sandboxed form document: no API client, no token, no bridge. Everything it knows arrives
// by postMessage from its parent (see ./protocol.ts).
const root = document.getElementById('form-root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <FrameForm />
    </StrictMode>,
  );
}
