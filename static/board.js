// Board page entry point: the workshop wall.
import { BoardApp } from './app/app.js';

const root = document.getElementById('app');
if (root) {
  const app = new BoardApp(root);
  app.start().then(() => {
    root.dataset.ready = 'true';
  });
}
