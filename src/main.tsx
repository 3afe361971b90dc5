import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Placeholder() {
  return <main><h1>Loss Explorer</h1><p>The explorer is being built.</p></main>;
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(<StrictMode><Placeholder /></StrictMode>);
