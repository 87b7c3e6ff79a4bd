// Stylesheets are bundled by Vite; TypeScript only needs to know a side-effect import of one is fine.
declare module '*.css';
