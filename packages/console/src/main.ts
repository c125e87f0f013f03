// The console's entry: the shell; every page is its own chunk, loaded on first visit.
import './app.js';
